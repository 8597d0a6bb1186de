"""The ``aidgraph`` command: a thin shell over the same functions the HTTP API calls.

Each command parses its options, calls one library function and prints the result.
User errors (a bad file, an unknown entity, a refused query) end with a one-line
message on stderr and exit code 1; usage errors exit 2 (click's convention).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from contextlib import nullcontext
from pathlib import Path
from typing import Any

import click

from aidgraph import __version__
from aidgraph.extras import require

DEFAULT_DB = "aidgraph.db"

# Exceptions that mean "the user asked for something wrong", by module: looked up only
# in modules already imported, since an exception from a module never loaded cannot
# have been raised, and importing heavy backends just to catch errors would slow
# every command down.
USER_ERRORS = {
    "aidgraph.graph.store": ("StoreError",),
    "aidgraph.ingest.pipeline": ("IngestError",),
    "aidgraph.ingest.records": ("RecordError",),
    "aidgraph.ingest.normalise": ("UnreadableSource",),
    "aidgraph.queries.questions": ("QuestionError",),
    "aidgraph.queries.cypher": ("CypherError",),
    "aidgraph.queries.sparql": ("SparqlError",),
    "aidgraph.queries.entities": ("EntityError",),
    "aidgraph.queries.neo4j_backend": ("Neo4jBackendError",),
    "aidgraph.viz.views": ("ViewError",),
    "aidgraph.extras": ("MissingExtra",),
}


def _user_error_types() -> tuple[type[BaseException], ...]:
    found: list[type[BaseException]] = []
    for module_name, names in USER_ERRORS.items():
        module = sys.modules.get(module_name)
        found.extend(getattr(module, n) for n in names if module and hasattr(module, n))
    return tuple(found)


def main(argv: list[str] | None = None) -> None:
    """Entry point of the console script."""
    try:
        cli.main(args=argv, prog_name="aidgraph", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except Exception as exc:
        if isinstance(exc, _user_error_types()):
            click.echo(f"aidgraph: error: {exc}", err=True)
            sys.exit(1)
        raise


def _db_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--db",
        type=click.Path(dir_okay=False, path_type=Path),
        default=DEFAULT_DB,
        envvar="AIDGRAPH_DB",
        show_default=True,
        help="The store file (env AIDGRAPH_DB).",
    )(func)


def _open_store(db: Path, *, must_exist: bool = True) -> Any:
    from aidgraph.graph.store import Store, StoreError

    if must_exist and not db.exists():
        raise StoreError(f"{db}: no such store; create it with `aidgraph ingest --db {db} PATH`")
    return Store(db)


def _open_workspace(db: Path) -> Any:
    from aidgraph.queries.workspace import Workspace

    _open_store(db).close()
    return Workspace(db)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="aidgraph")
def cli() -> None:
    """aidgraph: a knowledge graph of China's counterpart medical aid.

    Build the graph from program records and articles (ingest), ask it network
    questions (ask, query), and look at it (serve, viz).
    """


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@_db_option
@click.option("--skip-invalid", is_flag=True, help="Report bad files and land the good ones.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def ingest(paths: tuple[Path, ...], db: Path, skip_invalid: bool, as_json: bool) -> None:
    """Ingest record files (.csv, .jsonl) and articles (.txt, .html) into the store.

    PATHS may be files or directories (searched recursively). Everything lands in one
    transaction: by default a single bad file stops the ingest and nothing lands.
    Files already ingested (same content) are skipped.
    """
    from aidgraph.ingest import ingest_paths

    with _open_store(db, must_exist=False) as store:
        report = ingest_paths(store, paths, progress=True, skip_invalid=skip_invalid)
    if as_json:
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
        return
    landed = report.landed
    click.echo(
        f"landed {len(landed.sources_added)} sources into {db}: "
        f"{landed.nodes_added} nodes added, {landed.nodes_merged} merged; "
        f"{landed.edges_added} edges added, {landed.edges_merged} merged"
    )
    if landed.sources_skipped:
        click.echo(f"skipped {len(landed.sources_skipped)} sources already ingested")
    for path, reason in report.skipped:
        click.echo(f"skipped invalid {path}: {reason}", err=True)


@cli.command()
@_db_option
@click.option("--json", "as_json", is_flag=True, help="Print machine-readable JSON.")
def stats(db: Path, as_json: bool) -> None:
    """Count nodes and edges by type."""
    with _open_store(db) as store:
        counts = store.counts()
        n_sources = len(store.sources())
    if as_json:
        click.echo(json.dumps(counts, ensure_ascii=False, indent=2))
        return
    click.echo(f"{db}: {n_sources} sources")
    for kind in ("nodes", "edges"):
        click.echo(f"{kind} ({sum(counts[kind].values())}):")
        for name, count in counts[kind].items():
            click.echo(f"  {name:<16} {count:>8}")


EXPORT_FORMATS = ("graphml", "gexf", "csv", "jsonl", "turtle", "jsonld", "nquads")


@cli.command()
@_db_option
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), required=True)
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    required=True,
    help="Output file (a folder for csv).",
)
def export(db: Path, fmt: str, out: Path) -> None:
    """Export the whole graph (csv writes a folder of nodes, edges and provenance)."""
    with _open_store(db) as store:
        if fmt in ("turtle", "jsonld", "nquads"):
            from aidgraph.queries.rdf import export_rdf

            export_rdf(store, fmt, out)
        else:
            from aidgraph.graph.export import export_graph

            export_graph(store, fmt, out)
    click.echo(f"wrote {out}")


@cli.command()
@_db_option
def validate(db: Path) -> None:
    """Check the graph's RDF view against the shipped SHACL shapes (exit 1 if it fails)."""
    rdf = require("aidgraph.queries.rdf", "sparql")
    with _open_store(db) as store:
        report = rdf.validate(store)
    if report.conforms:
        click.echo(f"{db}: conforms to the aidgraph SHACL shapes")
        return
    click.echo(report.text, err=True)
    click.echo(f"{db}: {report.violations} SHACL violations", err=True)
    sys.exit(1)


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True)
def extract(paths: tuple[Path, ...], out: Path) -> None:
    """Extract entities and relations from articles into one JSON file per article.

    The JSON has the shape of the gold annotations (plus provenance), so
    score_extraction.py can score it. Unreadable files are reported and skipped.
    """
    from aidgraph.ingest import ARTICLE_SUFFIXES, collect_paths
    from aidgraph.ingest.articles import extract_to_dir

    files = [p for p in collect_paths(paths) if p.suffix.lower() in ARTICLE_SUFFIXES]
    report = extract_to_dir(files, out, progress=True)
    click.echo(_describe(report))


_FORMAT = click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv"]),
    default="table",
    show_default=True,
)


def _neo4j_options(func: Callable[..., Any]) -> Callable[..., Any]:
    for option in reversed(
        [
            click.option("--neo4j", "neo4j_uri", metavar="URI", help="Run on this Neo4j server."),
            click.option("--user", default="neo4j", show_default=True, envvar="NEO4J_USER"),
            click.option("--password", default=None, envvar="NEO4J_PASSWORD"),
        ]
    ):
        func = option(func)
    return func


def _extra_arguments(args: list[str]) -> dict[str, str]:
    """``--name value``, ``--name=value`` and ``name=value`` words as a mapping."""
    out: dict[str, str] = {}
    words = list(args)
    while words:
        word = words.pop(0)
        if word.startswith("--"):
            name, sep, value = word[2:].partition("=")
            if not sep:
                if not words:
                    raise click.UsageError(f"option {word} needs a value")
                value = words.pop(0)
        else:
            name, sep, value = word.partition("=")
            if not sep:
                raise click.UsageError(f"expected NAME=VALUE or --NAME VALUE, got {word!r}")
        out[name.replace("-", "_")] = value
    return out


@cli.command(context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
@click.argument("question", required=False)
@_db_option
@click.option("--list", "list_all", is_flag=True, help="List the questions and their parameters.")
@_FORMAT
@_neo4j_options
@click.pass_context
def ask(
    ctx: click.Context,
    question: str | None,
    db: Path,
    list_all: bool,
    fmt: str,
    neo4j_uri: str | None,
    user: str,
    password: str | None,
) -> None:
    """Ask a named network question, e.g. ``aidgraph ask supporters --entity 铜仁市``.

    Arguments follow the question as ``--name value`` or ``name=value``; entities may
    be given by id, name or alias. ``aidgraph ask --list`` shows every question.
    With ``--neo4j URI`` the question is answered from the graph pushed to that server.
    """
    from aidgraph.queries.questions import ask as ask_question
    from aidgraph.queries.questions import list_questions

    if list_all or not question:
        click.echo(list_questions().render(fmt))
        return
    arguments = _extra_arguments(ctx.args)
    if neo4j_uri:
        from aidgraph.queries.cypher import Neo4jTarget

        backend = require("aidgraph.queries.neo4j_backend", "neo4j")
        graph = backend.load_graph(Neo4jTarget(neo4j_uri, user, password))
        table = ask_question(graph, question, **arguments)
    else:
        with _open_workspace(db) as ws:
            table = ask_question(ws, question, **arguments)
    click.echo(table.render(fmt))


@cli.group()
def query() -> None:
    """Run a read-only Cypher or SPARQL query."""


@query.command("cypher")
@click.argument("text", metavar="QUERY")
@_db_option
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE", help="A $parameter.")
@_FORMAT
@click.option("--limit", default=1000, show_default=True, help="Row cap.")
@click.option("--timeout", default=10.0, show_default=True, help="Seconds.")
@_neo4j_options
def query_cypher(
    text: str,
    db: Path,
    params: tuple[str, ...],
    fmt: str,
    limit: int,
    timeout: float,
    neo4j_uri: str | None,
    user: str,
    password: str | None,
) -> None:
    """Run a read-only Cypher query on the embedded engine or on Neo4j (--neo4j)."""
    from aidgraph.queries.cypher import Neo4jTarget, parse_params, run_cypher

    target = Neo4jTarget(neo4j_uri, user, password) if neo4j_uri else None
    with _open_workspace(db) if target is None else nullcontext() as ws:
        table = run_cypher(
            ws, text, parse_params(params), timeout=timeout, limit=limit, neo4j=target
        )
    click.echo(table.render(fmt))
    _warn_truncated(table, limit)


@query.command("sparql")
@click.argument("text", metavar="QUERY")
@_db_option
@_FORMAT
@click.option("--limit", default=1000, show_default=True, help="Row cap.")
@click.option("--timeout", default=10.0, show_default=True, help="Seconds.")
def query_sparql(text: str, db: Path, fmt: str, limit: int, timeout: float) -> None:
    """Run a read-only SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE) on the RDF view."""
    sparql = require("aidgraph.queries.sparql", "sparql")
    run_sparql, serialize_result = sparql.run_sparql, sparql.serialize_result

    with _open_workspace(db) as ws:
        result = run_sparql(ws, text, timeout=timeout, limit=limit)
    if result.form in ("CONSTRUCT", "DESCRIBE"):
        body, _ = serialize_result(result, "text/turtle")
        click.echo(body.decode("utf-8"))
        return
    table = result.to_table()
    click.echo(table.render(fmt))
    _warn_truncated(table, limit)


def _warn_truncated(table: Any, limit: int) -> None:
    if table.truncated:
        click.echo(f"(truncated at {limit} rows; raise --limit to see more)", err=True)


@cli.command()
@_db_option
@click.option("--neo4j", "neo4j_uri", metavar="URI", required=True, help="e.g. bolt://host:7687")
@click.option("--user", default="neo4j", show_default=True, envvar="NEO4J_USER")
@click.option("--password", default=None, envvar="NEO4J_PASSWORD")
@click.option("--database", default=None, help="Neo4j database (default: the server's).")
def push(db: Path, neo4j_uri: str, user: str, password: str | None, database: str | None) -> None:
    """Write the graph to a Neo4j server, idempotently (running it twice changes nothing)."""
    push_to_neo4j = require("aidgraph.queries.neo4j_backend", "neo4j").push_to_neo4j

    with _open_workspace(db) as ws:
        report = push_to_neo4j(ws, neo4j_uri, user, password, database)
    click.echo(json.dumps(report, ensure_ascii=False, indent=2))


@cli.command()
@_db_option
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option(
    "--token",
    default=None,
    envvar="AIDGRAPH_TOKEN",
    help="Bearer token that enables POST /api/ingest (env AIDGRAPH_TOKEN).",
)
@click.option(
    "--cors",
    "cors_origins",
    multiple=True,
    metavar="ORIGIN",
    help="A site allowed to call the API from its pages (repeatable, or *).",
)
def serve(db: Path, host: str, port: int, token: str | None, cors_origins: tuple[str, ...]) -> None:
    """Serve the HTTP API and the web interface."""
    uvicorn = require("uvicorn", "api")
    create_app = require("aidgraph.api.app", "api").create_app

    _open_store(db).close()
    app = create_app(db, token=token or "", cors_origins=cors_origins)
    click.echo(f"aidgraph: serving {db} at http://{host}:{port}/ (Ctrl-C stops)", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")


@cli.command(context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
@click.argument(
    "kind", type=click.Choice(["ego", "network", "flows", "program", "alliance", "query"])
)
@_db_option
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True)
@click.option(
    "--format", "fmt", type=click.Choice(["html", "svg", "png"]), default="html", show_default=True
)
@click.option("--fragment", is_flag=True, help="An HTML snippet to embed in a larger page.")
@click.option("--pinyin", is_flag=True, help="Add pinyin to the Chinese labels.")
@click.pass_context
def viz(
    ctx: click.Context, kind: str, db: Path, out: Path, fmt: str, fragment: bool, pinyin: bool
) -> None:
    """Write a self-contained, offline view: ego, network, flows, program, alliance, query.

    Parameters follow as ``--name value``: ``ego --entity 铜仁市 --depth 2``,
    ``flows --level province``, ``program --name 东西部协作``,
    ``query --language cypher --query 'MATCH …'``.
    """
    write_view = require("aidgraph.viz.views", "viz").write_view

    with _open_workspace(db) as ws:
        written = write_view(
            ws, kind, out, fmt=fmt, fragment=fragment, pinyin=pinyin, **_extra_arguments(ctx.args)
        )
    click.echo(f"wrote {written}")


def _describe(report: Any) -> str:
    if hasattr(report, "summary"):
        return report.summary()
    return str(report)
