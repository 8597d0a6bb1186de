"""SPARQL over the RDF view, answered by Oxigraph, with results as rdflib terms.

The RDF store is a derived index, like every view of the SQLite store: it is built on
disk under ``<db>.index/sparql/`` and rebuilt when the store's revision (or the
mapping) changes. On disk rather than in memory because building it means formatting
and loading millions of triples, while reopening a built one takes milliseconds, and
every CLI call is a fresh process.

Each query runs in a child process that opens the index read-only, so that:

- a timeout really stops the work (Oxigraph has no cancellation; a thread would run on);
- nothing can write to the index, whatever the query says.

The query text is checked before it runs: updates, ``SERVICE`` (Oxigraph would fetch
the remote endpoint) and ``FROM``/``FROM NAMED`` are refused with a clear message.
"""

from __future__ import annotations

import atexit
import hashlib
import io
import os
import pickle
import re
import select
import shutil
import struct
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

import rdflib
from rdflib.query import Result

from aidgraph.graph.store import Store
from aidgraph.queries.rdf import (
    AG,
    BASE,
    MAPPING_VERSION,
    PREFIXES,
    LineReader,
    bind_prefixes,
    iter_ntriples,
    ontology_path,
)
from aidgraph.queries.table import Table
from aidgraph.queries.workspace import Workspace

FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
ONTOLOGY_GRAPH = BASE + "ontology"
_COMPLETE = "COMPLETE"


class SparqlError(Exception):
    """A query that is refused, malformed, too slow or failed; the message says which."""


class SparqlTimeout(SparqlError):
    """The query ran past its timeout and was stopped (an HTTP API answers 503, not 400)."""


@dataclass
class SparqlResult:
    """The answer to one query: a table (SELECT), a boolean (ASK) or a graph.

    ``truncated`` says the row cap cut a SELECT's rows or a graph's triples short.
    ``variables`` and ``bindings`` keep the exact RDF terms of a SELECT, which the
    SPARQL result formats need (a Table holds plain values).
    """

    form: str
    table: Table | None = None
    boolean: bool | None = None
    graph: rdflib.Graph | None = None
    truncated: bool = False
    variables: list[str] = field(default_factory=list)
    bindings: list[dict[str, rdflib.term.Identifier]] = field(default_factory=list)

    def to_table(self) -> Table:
        """Every form as a Table, for the CLI: ASK as one boolean, graphs as triples."""
        if self.table is not None:
            return self.table
        if self.boolean is not None:
            return Table(["boolean"], [[self.boolean]])
        triples = sorted(self.graph or [])
        rows = [[_plain(s), _plain(p), _plain(o)] for s, p, o in triples]
        return Table(["subject", "predicate", "object"], rows, self.truncated)


# -- checking the query text ----------------------------------------------------------

# Strings, IRIs and comments are blanked out before looking for keywords, so that a
# keyword inside a literal or an IRI is not mistaken for one (and cannot hide one).
_SKIPPED = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n\r]|\\.)*"'
    r"|'(?:[^'\\\n\r]|\\.)*'"
    r'|<(?:[^<>"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>'
    r"|#[^\n\r]*",
    re.DOTALL,
)
# A bare word: not a variable (?x $x), prefixed name (ex:x x:), language tag (@en),
# blank node label (_:x) or part of a number or name.
_WORD = re.compile(r"(?<![\w?$:@.\-])([A-Za-z]+)(?![\w:\-])")
_UPDATE_WORDS = {
    "INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH", "USING",
}  # fmt: skip


def check_query(query: str) -> str:
    """The query's form (SELECT, ASK, CONSTRUCT, DESCRIBE), or SparqlError if refused."""
    words = [w.upper() for w in _WORD.findall(_SKIPPED.sub(" ", query))]
    refused = _UPDATE_WORDS.intersection(words)
    if refused:
        raise SparqlError(
            f"SPARQL updates are refused ({', '.join(sorted(refused))}): the graph is "
            "read-only here; change it by ingesting sources"
        )
    if "SERVICE" in words:
        raise SparqlError("SERVICE (federated query) is refused: queries run on this graph only")
    if "FROM" in words:
        raise SparqlError(
            "FROM / FROM NAMED are refused: the dataset is fixed (the data is the default "
            f"graph; the ontology is GRAPH <{ONTOLOGY_GRAPH}>)"
        )
    for word in words:
        if word in FORMS:
            return word
    raise SparqlError("not a SPARQL query: expected SELECT, ASK, CONSTRUCT or DESCRIBE")


# -- the on-disk index ----------------------------------------------------------------


def index_path(ws: Workspace) -> Path:
    """The Oxigraph index for the workspace's current store, built if missing."""
    root = ws.index_dir / "sparql"
    path = ws.cached("sparql-index", lambda: build_index(ws.store, root))
    if not (path / _COMPLETE).exists():  # deleted under us: deleting it is always allowed
        path = build_index(ws.store, root)
    return path


def fingerprint(store: Store) -> str:
    """What the index was built from: mapping version, revision, sources and counts."""
    parts = [
        str(MAPPING_VERSION),
        str(store.revision()),
        *sorted(s["id"] for s in store.sources()),
        repr(store.counts()),
    ]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:16]


def build_index(store: Store, root: Path) -> Path:
    """Load the store's triples (and the ontology) into an Oxigraph store under ``root``.

    The index is built in a temporary folder and renamed into place when complete, so
    a reader never sees a half-built index and concurrent builders do not clash.
    Indexes of older revisions are removed.
    """
    import pyoxigraph as ox

    final = root / f"r{store.revision()}-{fingerprint(store)}"
    if (final / _COMPLETE).exists():
        return final
    root.mkdir(parents=True, exist_ok=True)
    building = root / f".building-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    try:
        oxstore = ox.Store(str(building))
        _load_store(oxstore, store)
        oxstore.bulk_load(
            path=str(ontology_path()),
            format=ox.RdfFormat.TURTLE,
            to_graph=ox.NamedNode(ONTOLOGY_GRAPH),
        )
        # Compacting the freshly loaded files makes lookups several times faster (on
        # the 500k-edge benchmark: a 2-hop GROUP BY from 9.6 s to 1.9 s).
        oxstore.optimize()
        oxstore.flush()
        del oxstore  # closes the database before it is moved
        (building / _COMPLETE).write_text(fingerprint(store))
        try:
            building.rename(final)
        except OSError:  # another process finished the same index first
            shutil.rmtree(building, ignore_errors=True)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    _prune(root, keep=final)
    return final


def _load_store(oxstore: Any, store: Store) -> None:
    """Bulk-load the store's triples, formatted by a producer process when possible."""
    import pyoxigraph as ox

    if not store.path.is_file():  # e.g. ":memory:": no other process can read it
        oxstore.bulk_load(LineReader(iter_ntriples(store)), format=ox.RdfFormat.N_TRIPLES)
        return
    producer = subprocess.Popen(
        [sys.executable, "-m", "aidgraph.queries.rdf", str(store.path)],
        stdout=subprocess.PIPE,
        env=_child_env(),
    )
    assert producer.stdout is not None
    try:
        oxstore.bulk_load(producer.stdout, format=ox.RdfFormat.N_TRIPLES)
    except BaseException:
        producer.kill()
        raise
    finally:
        producer.stdout.close()
        code = producer.wait()
    if code != 0:
        raise SparqlError(f"building the RDF index failed: the triple producer exited with {code}")


def _child_env() -> dict[str, str]:
    """The environment for our child interpreters: they import what this one imports."""
    return {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}


def _prune(root: Path, keep: Path) -> None:
    for path in root.iterdir():
        if path != keep and not path.name.startswith(".building-"):
            shutil.rmtree(path, ignore_errors=True)


def rdf_graph(ws: Workspace) -> rdflib.Graph:
    """The indexed data as a read-only ``rdflib.Graph`` on Oxigraph (oxrdflib).

    For code that wants rdflib's own API (``triples``, ``value``, ``query``) on the
    full graph without copying it into memory. Its ``query`` has no timeout or row
    cap: user-supplied queries go through :func:`run_sparql`.
    """
    import pyoxigraph as ox
    from oxrdflib import OxigraphStore
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

    store = OxigraphStore(store=ox.Store.read_only(str(index_path(ws))))
    return bind_prefixes(rdflib.Graph(store=store, identifier=DATASET_DEFAULT_GRAPH_ID))


# -- running a query ------------------------------------------------------------------


def run_sparql(
    ws: Workspace, query: str, *, timeout: float = 10.0, limit: int = 1000
) -> SparqlResult:
    """Answer a SPARQL SELECT, ASK, CONSTRUCT or DESCRIBE query on the workspace's graph.

    At most ``limit`` rows (SELECT) or triples (CONSTRUCT, DESCRIBE) come back, and
    ``truncated`` says when there were more. A query still running after ``timeout``
    seconds is stopped. The project's prefixes (ag:, id:, rel:, source:, rdf:, rdfs:,
    xsd:, owl:, skos:, schema:, org:, prov:, dcterms:) are predeclared.
    """
    form = check_query(query)
    if limit < 1:
        raise SparqlError("limit must be at least 1")
    path = index_path(ws)
    answer = _WORKER.ask((str(path), query, limit), timeout)
    if "error" in answer:
        raise SparqlError(answer["error"])
    return _result(form, answer)


def _result(form: str, answer: dict[str, Any]) -> SparqlResult:
    if form == "ASK":
        return SparqlResult(form, boolean=answer["boolean"])
    if form == "SELECT":
        variables, bindings = answer["variables"], answer["bindings"]
        rows = [[_plain(b.get(v)) for v in variables] for b in bindings]
        table = Table(list(variables), rows, answer["truncated"])
        return SparqlResult(form, table, truncated=answer["truncated"], variables=variables,
                            bindings=bindings)  # fmt: skip
    graph = _graph(answer["triples"])
    return SparqlResult(form, graph=graph, truncated=answer["truncated"])


def _graph(triples: list[tuple[Any, Any, Any]]) -> rdflib.Graph:
    graph = bind_prefixes(rdflib.Graph())
    for triple in triples:
        graph.add(triple)
    return graph


def _plain(term: Any) -> Any:
    """An RDF term as a plain value for a Table: IRIs and strings as text, numbers as numbers."""
    if term is None:
        return None
    if isinstance(term, rdflib.BNode):
        return f"_:{term}"
    if isinstance(term, rdflib.Literal):
        value = term.toPython()
        if isinstance(value, bool | int | float):
            return value
        if isinstance(value, Decimal):
            return float(value)
        return str(term)
    return str(term)


class _Worker:
    """A child process that answers queries, one at a time, from a read-only index.

    Started once (about half a second: a fresh interpreter importing pyoxigraph and
    rdflib) and reused; killed and replaced when a query overruns its timeout. A fresh
    interpreter rather than fork, because forking a threaded server is unsafe and
    multiprocessing's spawn re-runs the caller's main script.
    """

    def __init__(self) -> None:
        self._process: subprocess.Popen[bytes] | None = None
        self._lock = threading.Lock()

    def ask(self, request: tuple[str, str, int], timeout: float) -> Any:
        deadline = time.monotonic() + timeout
        if not self._lock.acquire(timeout=timeout):
            raise SparqlTimeout(f"query timed out after {timeout:g} s waiting for the engine")
        try:
            return self._ask(request, max(deadline - time.monotonic(), 0.0), timeout)
        finally:
            self._lock.release()

    def _ask(self, request: tuple[str, str, int], remaining: float, timeout: float) -> Any:
        process = self._start()
        assert process.stdin is not None and process.stdout is not None
        try:
            _write_message(process.stdin, request)
            ready, _, _ = select.select([process.stdout], [], [], remaining)
            if not ready:
                self.stop()
                raise SparqlTimeout(f"query timed out after {timeout:g} s (stopped)")
            return _read_message(process.stdout)
        except (OSError, EOFError, pickle.UnpicklingError) as exc:
            self.stop()
            raise SparqlError(f"the query engine stopped unexpectedly ({exc})") from None

    def _start(self) -> subprocess.Popen[bytes]:
        if self._process is None or self._process.poll() is not None:
            self._process = subprocess.Popen(
                [sys.executable, "-m", "aidgraph.queries.sparql"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                env=_child_env(),
            )
        return self._process

    def stop(self) -> None:
        if self._process is not None:
            self._process.kill()
            self._process.wait()
            for pipe in (self._process.stdin, self._process.stdout):
                if pipe is not None:
                    pipe.close()
            self._process = None


_WORKER = _Worker()
atexit.register(_WORKER.stop)


def _write_message(pipe: IO[bytes], value: Any) -> None:
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    pipe.write(struct.pack(">Q", len(data)) + data)
    pipe.flush()


def _read_message(pipe: IO[bytes]) -> Any:
    header = pipe.read(8)
    if len(header) < 8:
        raise EOFError("no answer")
    (size,) = struct.unpack(">Q", header)
    return pickle.loads(pipe.read(size))  # our own child's answer, never outside input


def _serve() -> None:
    """Child side: answer requests from stdin on stdout until stdin closes."""
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # stray prints must not corrupt the answers
    opened: dict[str, Any] = {}
    while True:
        try:
            path, query, limit = _read_message(stdin)
        except EOFError:
            return
        _write_message(stdout, _evaluate(opened, path, query, limit))


def _evaluate(opened: dict[str, Any], path: str, query: str, limit: int) -> Any:
    import pyoxigraph as ox

    try:
        if path not in opened:
            opened.clear()  # an index of an older revision is not needed again
            opened[path] = ox.Store.read_only(path)
        return _answer(opened[path], query, limit)
    # Errors travel as text: this module runs as __main__ here, so its exception
    # classes would not unpickle as the caller's.
    except SparqlError as exc:
        return {"error": str(exc)}
    except SyntaxError as exc:
        return {"error": f"SPARQL syntax error: {exc}"}
    except Exception as exc:  # an engine error must reach the caller as a message
        return {"error": f"SPARQL query failed: {exc}"}


def _answer(store: Any, query: str, limit: int) -> dict[str, Any]:
    import pyoxigraph as ox

    result = store.query(query, prefixes=PREFIXES)
    if isinstance(result, ox.QueryBoolean):
        return {"boolean": bool(result)}
    if isinstance(result, ox.QuerySolutions):
        variables = [v.value for v in result.variables]
        bindings, truncated = [], False
        for solution in result:
            if len(bindings) == limit:
                truncated = True
                break
            bindings.append(
                {v: _from_ox(t) for v, t in zip(variables, solution, strict=True) if t is not None}
            )
        return {"variables": variables, "bindings": bindings, "truncated": truncated}
    triples, truncated = [], False
    for triple in result:
        if len(triples) == limit:
            truncated = True
            break
        triples.append((_from_ox(triple.subject), _from_ox(triple.predicate),
                        _from_ox(triple.object)))  # fmt: skip
    return {"triples": triples, "truncated": truncated}


def _from_ox(term: Any) -> rdflib.term.Identifier:
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return rdflib.Literal(term.value, lang=term.language)
        if term.datatype.value == str(rdflib.XSD.string):
            return rdflib.Literal(term.value)
        return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))
    raise SparqlError(f"RDF-star triple terms are not supported in results: {term}")


# -- the SPARQL 1.1 protocol's result formats -----------------------------------------

RESULT_TYPES = {
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
GRAPH_TYPES = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/ld+json": "json-ld",
}
_ALIASES = {
    "application/json": ("application/sparql-results+json", "application/ld+json"),
    "application/xml": ("application/sparql-results+xml", None),
    "text/plain": (None, "application/n-triples"),
}


def serialize_result(result: SparqlResult, media_type: str | None = None) -> tuple[bytes, str]:
    """``result`` in a SPARQL 1.1 Protocol format; returns the bytes and their media type.

    ``media_type`` may be one type or several, best first, comma-separated (an Accept
    header ranked by q; parameters are ignored); ``None`` or ``*/*`` picks
    SPARQL JSON for SELECT/ASK and Turtle for CONSTRUCT/DESCRIBE. CSV and TSV hold
    SELECT results only.
    """
    is_graph = result.graph is not None
    chosen = _negotiate(media_type, is_graph, result.form)
    if is_graph:
        data = result.graph.serialize(format=GRAPH_TYPES[chosen], encoding="utf-8")
        return data, chosen
    if result.boolean is None and chosen == "text/tab-separated-values":
        return _tsv(result).encode("utf-8"), chosen
    out = io.BytesIO()
    _rdflib_result(result).serialize(out, encoding="utf-8", format=RESULT_TYPES[chosen])
    return out.getvalue(), chosen


def _negotiate(media_type: str | None, is_graph: bool, form: str) -> str:
    supported = GRAPH_TYPES if is_graph else RESULT_TYPES
    if not is_graph and form == "ASK":
        supported = {k: v for k, v in RESULT_TYPES.items() if v in ("json", "xml")}
    wanted = [t.split(";")[0].strip().lower() for t in (media_type or "*/*").split(",")]
    for item in wanted:
        if item in ("*/*", "", "application/*", "text/*"):
            return next(iter(supported))
        alias = _ALIASES.get(item)
        if alias:
            item = alias[1] if is_graph else alias[0]
        if item in supported:
            return item
    raise SparqlError(
        f"cannot give a {form} result as {media_type}; choose one of {', '.join(supported)}"
    )


def _rdflib_result(result: SparqlResult) -> Result:
    if result.boolean is not None:
        out = Result("ASK")
        out.askAnswer = result.boolean
        return out
    out = Result("SELECT")
    out.vars = [rdflib.Variable(v) for v in result.variables]
    out.bindings = [{rdflib.Variable(k): t for k, t in b.items()} for b in result.bindings]
    return out


def _tsv(result: SparqlResult) -> str:
    """SPARQL 1.1 TSV: a header of ?variables, then terms in Turtle syntax (rdflib lacks it)."""
    lines = ["\t".join(f"?{v}" for v in result.variables)]
    for binding in result.bindings:
        cells = [binding[v].n3() if v in binding else "" for v in result.variables]
        lines.append("\t".join(cells))
    return "\n".join(lines) + "\n"


__all__ = [
    "AG",
    "FORMS",
    "SparqlError",
    "SparqlResult",
    "SparqlTimeout",
    "check_query",
    "rdf_graph",
    "run_sparql",
    "serialize_result",
]


if __name__ == "__main__":
    _serve()
