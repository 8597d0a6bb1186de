"""The ``aidgraph`` command: a thin shell over the same functions the HTTP API calls.

Each command parses its options, calls one library function and prints the result.
User errors (a bad file, an unknown entity, a refused query) end with a one-line
message on stderr and exit code 1; usage errors exit 2 (click's convention).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from aidgraph import __version__

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
    "aidgraph.queries.neo4j_backend": ("Neo4jError",),
    "aidgraph.viz": ("ViewError",),
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


def _describe(report: Any) -> str:
    if hasattr(report, "summary"):
        return report.summary()
    return str(report)
