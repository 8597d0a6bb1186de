"""The RDF view of the store: every node, relation and statement as triples.

The mapping (explained for readers in docs/rdf.md, declared in ontology.ttl) is:

- a node is ``<BASE id/<Type>/<name>>``, typed ``ag:<Type>`` plus the well-known class
  it is (schema:Hospital, schema:Person, org:Organization…), labelled with
  ``skos:prefLabel``/``rdfs:label`` ``@zh`` and ``skos:altLabel`` for its aliases;
- an edge is a direct triple (``A ag:supports B``) for easy querying *and* an
  ``ag:Relation`` node ``<BASE rel/<edge id>>`` that reifies it with the RDF
  reification vocabulary (``rdf:subject``/``rdf:predicate``/``rdf:object``) and carries
  its program, years, figures, attributes and provenance. Plain reification rather than
  RDF-star because it works in every store, serialisation and SHACL engine;
- provenance is PROV-O: ``prov:wasDerivedFrom`` the source, and a qualified
  ``prov:Derivation`` holding the sentence, its offsets or the record line.

The triples are produced as N-Triples text, not as term objects: formatting strings is
several times faster in Python than building terms, and every consumer (Oxigraph's bulk
loader, the exporters, rdflib) parses N-Triples natively.
"""

from __future__ import annotations

import io
import json
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import IO, Any

from aidgraph.graph.model import Edge, EdgeType, Figure, Node, NodeType, Provenance
from aidgraph.graph.store import Store

BASE = "https://w3id.org/aidgraph/"
AG = BASE + "ontology#"
# Bump when the triples produced for the same store change, so cached indexes rebuild.
MAPPING_VERSION = 2

PREFIXES = {
    "ag": AG,
    "id": BASE + "id/",
    "rel": BASE + "rel/",
    "source": BASE + "source/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "schema": "https://schema.org/",
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
}

EXPORT_FORMATS = ("turtle", "jsonld", "nquads")

_RDF = PREFIXES["rdf"]
_XSD = PREFIXES["xsd"]
_SKOS = PREFIXES["skos"]
_PROV = PREFIXES["prov"]

_TYPE = f"<{_RDF}type>"
_PREF_LABEL = f"<{_SKOS}prefLabel>"
_ALT_LABEL = f"<{_SKOS}altLabel>"
_RDFS_LABEL = f"<{PREFIXES['rdfs']}label>"
_DERIVED_FROM = f"<{_PROV}wasDerivedFrom>"


def _ag(local: str) -> str:
    return f"<{AG}{local}>"


# The ontology's name for each relation, and the well-known property it specialises
# where one fits; that super-property is asserted too, because SPARQL stores do no
# RDFS reasoning and a query written against W3C ORG or schema.org should just work.
RELATION_PROPERTY: dict[EdgeType, str] = {
    EdgeType.SUPPORTS: "supports",
    EdgeType.PAIRS_WITH: "pairsWith",
    EdgeType.TRAINED: "trained",
    EdgeType.ALLIANCE_MEMBER: "allianceMember",
    EdgeType.LOCATED_IN: "locatedIn",
    EdgeType.DEPARTMENT_OF: "departmentOf",
    EdgeType.TECHNIQUE_AT: "techniqueAt",
    EdgeType.AFFILIATED_WITH: "affiliatedWith",
}
_SUPER_PROPERTY: dict[EdgeType, str] = {
    EdgeType.ALLIANCE_MEMBER: f"<{PREFIXES['org']}memberOf>",
    EdgeType.DEPARTMENT_OF: f"<{PREFIXES['org']}unitOf>",
    EdgeType.LOCATED_IN: f"<{PREFIXES['schema']}containedInPlace>",
}
# The well-known class each node type is, asserted beside ag:<Type>. Program has none:
# no common vocabulary has a class for a standing policy programme of aid.
_WELL_KNOWN_CLASS: dict[NodeType, str | None] = {
    NodeType.REGION: f"<{PREFIXES['schema']}AdministrativeArea>",
    NodeType.HOSPITAL: f"<{PREFIXES['schema']}Hospital>",
    NodeType.ORGANIZATION: f"<{PREFIXES['org']}Organization>",
    NodeType.DEPARTMENT: f"<{PREFIXES['org']}OrganizationalUnit>",
    NodeType.PERSON: f"<{PREFIXES['schema']}Person>",
    NodeType.TECHNIQUE: f"<{PREFIXES['schema']}MedicalProcedure>",
    NodeType.PROGRAM: None,
    NodeType.ALLIANCE: f"<{PREFIXES['org']}OrganizationalCollaboration>",
}
_CITY_LEVELS = {"prefecture", "city"}

# Node attributes with a property of their own; any other attribute becomes an
# ag:attribute key/value node, so nothing in the store is lost in the RDF view.
_NODE_ATTR_PROPERTY = {"level": "adminLevel", "adcode": "adcode", "role": "role"}
_ROMANISED_LABEL = {"pinyin": "zh-Latn-pinyin", "label_en": "en"}


# -- IRIs -----------------------------------------------------------------------------


def _ucschar_ranges() -> str:
    # RFC 3987 ucschar: the non-ASCII characters an IRI may hold unescaped.
    ranges = ["\u00a0-\ud7ff", "\uf900-\ufdcf", "\ufdf0-\uffef"]
    for plane in range(1, 15):
        low = 0xE1000 if plane == 14 else plane << 16
        ranges.append(f"{chr(low)}-{chr((plane << 16) | 0xFFFD)}")
    return "".join(ranges)


_IRI_UNSAFE = re.compile(f"[^0-9A-Za-z._~:\\-{_ucschar_ranges()}]")


def encode_segment(text: str) -> str:
    """Percent-encode what an IRI path segment cannot hold; Chinese stays readable.

    IRIs are Unicode (RFC 3987), so ``东莞市人民医院`` is kept as it is, while ASCII
    punctuation, spaces, ``%`` and ``/`` are escaped. ``urllib.parse.unquote`` reverses it.
    """
    return _IRI_UNSAFE.sub(lambda m: "".join(f"%{b:02X}" for b in m[0].encode()), text)


def node_iri(node_id: str) -> str:
    """``Hospital:东莞市人民医院`` → ``https://w3id.org/aidgraph/id/Hospital/东莞市人民医院``."""
    node_type, _, name = node_id.partition(":")
    return f"{BASE}id/{node_type}/{encode_segment(name)}"


def relation_iri(edge_id: str) -> str:
    return f"{BASE}rel/{encode_segment(edge_id)}"


def source_iri(source_id: str) -> str:
    return f"{BASE}source/{encode_segment(source_id)}"


def property_iri(edge_type: EdgeType | str) -> str:
    return AG + RELATION_PROPERTY[EdgeType(edge_type)]


# -- literals -------------------------------------------------------------------------

_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def _string(text: str, lang: str | None = None) -> str:
    quoted = '"' + text.translate(_ESCAPES) + '"'
    return f"{quoted}@{lang}" if lang else quoted


def _typed(value: Any) -> str:
    """A Python scalar as a typed literal; lists and dicts as their JSON text."""
    if isinstance(value, bool):
        return f'"{str(value).lower()}"^^<{_XSD}boolean>'
    if isinstance(value, int):
        return f'"{value}"^^<{_XSD}integer>'
    if isinstance(value, float):
        if value.is_integer():
            return f'"{int(value)}"^^<{_XSD}integer>'
        return f'"{value!r}"^^<{_XSD}decimal>'
    if isinstance(value, str):
        return _string(value)
    return _string(json.dumps(value, ensure_ascii=False, sort_keys=True))


# -- triples --------------------------------------------------------------------------


@dataclass
class _Lines:
    """Collects N-Triples lines; ``add`` takes already formatted terms."""

    out: list[str]

    def add(self, s: str, p: str, o: str) -> None:
        self.out.append(f"{s} {p} {o} .\n")


def iter_ntriples(store: Store) -> Iterator[str]:
    """The whole store as N-Triples lines (each ends with a newline): sources, nodes, edges.

    Lines are yielded in batches as they are formatted, so the graph never sits in
    memory as text.
    """
    program_names: set[str] = set()
    lines = _Lines([])
    yield from _dataset_lines(store)
    for source in store.sources():
        _source_triples(lines, source)
    yield from _drain(lines)
    for node in store.iter_nodes(with_provenance=True):
        if node.type is NodeType.PROGRAM:
            program_names.add(node.name)
        _node_triples(lines, node)
        if len(lines.out) > 4096:
            yield from _drain(lines)
    yield from _drain(lines)
    for edge in store.iter_edges(with_provenance=True):
        _edge_triples(lines, edge, program_names)
        if len(lines.out) > 4096:
            yield from _drain(lines)
    yield from _drain(lines)


def write_ntriples(store: Store, out: IO[bytes]) -> int:
    """Write the store as N-Triples to a binary stream; returns the number of lines."""
    count = 0
    batch: list[str] = []
    for line in iter_ntriples(store):
        batch.append(line)
        if len(batch) == 4096:
            out.write("".join(batch).encode("utf-8"))
            count += len(batch)
            batch.clear()
    out.write("".join(batch).encode("utf-8"))
    out.flush()
    return count + len(batch)


def _drain(lines: _Lines) -> Iterator[str]:
    yield from lines.out
    lines.out.clear()


def _dataset_lines(store: Store) -> Iterator[str]:
    dataset = f"<{BASE}dataset>"
    yield f"{dataset} {_TYPE} {_ag('Dataset')} .\n"
    yield f"{dataset} {_ag('storeRevision')} {_typed(store.revision())} .\n"


def _source_triples(lines: _Lines, source: dict[str, Any]) -> None:
    s = f"<{source_iri(source['id'])}>"
    lines.add(s, _TYPE, _ag("Source"))
    lines.add(s, _ag("sourceId"), _string(source["id"]))
    lines.add(s, _ag("sha256"), _string(source["sha256"]))
    lines.add(s, _ag("sourceKind"), _string(source["kind"]))
    lines.add(s, _ag("uri"), _string(source["uri"]))
    if source.get("title"):
        lines.add(s, f"<{PREFIXES['dcterms']}title>", _string(source["title"]))
    if source.get("ingested_at"):
        lines.add(s, _ag("ingestedAt"), _string(source["ingested_at"]))


def _node_triples(lines: _Lines, node: Node) -> None:
    n = f"<{node_iri(node.id)}>"
    lines.add(n, _TYPE, _ag(str(node.type)))
    well_known = _WELL_KNOWN_CLASS[node.type]
    if well_known:
        lines.add(n, _TYPE, well_known)
    if node.type is NodeType.REGION and node.attrs.get("level") in _CITY_LEVELS:
        lines.add(n, _TYPE, f"<{PREFIXES['schema']}City>")
    lines.add(n, _ag("nodeId"), _string(node.id))
    label = _string(node.name, "zh")
    lines.add(n, _PREF_LABEL, label)
    lines.add(n, _RDFS_LABEL, label)
    for alias in sorted(node.aliases):
        lines.add(n, _ALT_LABEL, _string(alias, "zh"))
    _node_attrs(lines, n, node.attrs)
    _provenance_triples(lines, node_iri(node.id), node.provenance)


def _node_attrs(lines: _Lines, n: str, attrs: dict[str, Any]) -> None:
    rest = {}
    for key, value in sorted(attrs.items()):
        if key in _ROMANISED_LABEL and isinstance(value, str) and value:
            lines.add(n, _ALT_LABEL, _string(value, _ROMANISED_LABEL[key]))
        elif key in _NODE_ATTR_PROPERTY and value is not None:
            lines.add(n, _ag(_NODE_ATTR_PROPERTY[key]), _string(str(value)))
        else:
            rest[key] = value
    _attribute_triples(lines, n, rest)


def _attribute_triples(lines: _Lines, subject: str, attrs: dict[str, Any]) -> None:
    """Free-form attributes as ``ag:attribute [ag:key "k"; rdf:value v]`` nodes."""
    for key, value in sorted(attrs.items()):
        if value is None:
            continue
        a = f"{subject[:-1]}#attr-{encode_segment(key)}>"
        lines.add(subject, _ag("attribute"), a)
        lines.add(a, _ag("key"), _string(key))
        for item in value if isinstance(value, list) else [value]:
            lines.add(a, f"<{_RDF}value>", _typed(item))


def _edge_triples(lines: _Lines, edge: Edge, program_names: set[str]) -> None:
    a, b = f"<{node_iri(edge.source)}>", f"<{node_iri(edge.target)}>"
    p = f"<{property_iri(edge.type)}>"
    lines.add(a, p, b)
    if not edge.type.directed:
        lines.add(b, p, a)
    if edge.type in _SUPER_PROPERTY:
        lines.add(a, _SUPER_PROPERTY[edge.type], b)
    r_iri = relation_iri(edge.id)
    r = f"<{r_iri}>"
    lines.add(r, _TYPE, _ag("Relation"))
    lines.add(r, _ag("edgeId"), _string(edge.id))
    lines.add(r, f"<{_RDF}subject>", a)
    lines.add(r, f"<{_RDF}predicate>", p)
    lines.add(r, f"<{_RDF}object>", b)
    if edge.program:
        lines.add(r, _ag("programName"), _string(edge.program))
        if edge.program in program_names:
            lines.add(r, _ag("program"), f"<{node_iri(f'Program:{edge.program}')}>")
    if edge.start:
        lines.add(r, _ag("startYear"), _typed(edge.start))
    if edge.end:
        lines.add(r, _ag("endYear"), _typed(edge.end))
    for key, figure in sorted(edge.figures.items()):
        _figure_triples(lines, r, key, figure)
    _attribute_triples(lines, r, edge.attrs)
    _provenance_triples(lines, r_iri, edge.provenance)


def _figure_triples(lines: _Lines, r: str, key: str, figure: Figure) -> None:
    f = f"{r[:-1]}#figure-{encode_segment(key)}>"
    lines.add(r, _ag("figure"), f)
    lines.add(f, _TYPE, _ag("Figure"))
    lines.add(f, _ag("measure"), _string(key))
    lines.add(f, f"<{_RDF}value>", _typed(figure.value))
    if figure.approx:
        lines.add(f, _ag("approx"), _string(str(figure.approx)))
    if figure.unit:
        lines.add(f, _ag("unit"), _string(figure.unit))
    if figure.text:
        lines.add(f, _ag("text"), _string(figure.text))


def _provenance_triples(lines: _Lines, subject_iri: str, provenance: list[Provenance]) -> None:
    s = f"<{subject_iri}>"
    for source_id in dict.fromkeys(p.source_id for p in provenance):
        lines.add(s, _DERIVED_FROM, f"<{source_iri(source_id)}>")
    for index, prov in enumerate(provenance, 1):
        src = f"<{source_iri(prov.source_id)}>"
        d = f"<{subject_iri}#prov-{index}>"
        lines.add(s, f"<{_PROV}qualifiedDerivation>", d)
        lines.add(d, _TYPE, f"<{_PROV}Derivation>")
        lines.add(d, f"<{_PROV}entity>", src)
        lines.add(d, _ag("extractor"), _string(prov.extractor))
        if prov.sentence:
            lines.add(d, _ag("sentence"), _string(prov.sentence))
        if prov.start is not None:
            lines.add(d, _ag("charStart"), _typed(prov.start))
        if prov.end is not None:
            lines.add(d, _ag("charEnd"), _typed(prov.end))
        if prov.line is not None:
            lines.add(d, _ag("line"), _typed(prov.line))


# -- readers, rdflib, export ----------------------------------------------------------


class LineReader(io.RawIOBase):
    """A binary file over an iterator of text lines, so parsers stream without a temp file."""

    def __init__(self, lines: Iterable[str]) -> None:
        self._lines = iter(lines)
        self._pending = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while len(self._pending) < len(buffer):
            chunk = "".join(_take(self._lines, 2048))
            if not chunk:
                break
            self._pending += chunk.encode("utf-8")
        size = min(len(buffer), len(self._pending))
        buffer[:size] = self._pending[:size]
        self._pending = self._pending[size:]
        return size


def _take(lines: Iterator[str], count: int) -> list[str]:
    out = []
    for line in lines:
        out.append(line)
        if len(out) == count:
            break
    return out


def _as_store(store_or_ws: Any) -> Store:
    store = getattr(store_or_ws, "store", store_or_ws)
    if not isinstance(store, Store):
        raise TypeError(f"expected a Store or a Workspace, got {type(store_or_ws).__name__}")
    return store


def bind_prefixes(graph: Any) -> Any:
    """Bind the project's prefixes on an rdflib graph (for readable serialisations)."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True)
    return graph


def to_rdflib(store_or_ws: Any) -> Any:
    """The store as an in-memory ``rdflib.Graph`` with the project's prefixes bound.

    Meant for small graphs (tests, SHACL validation, notebooks); large graphs belong in
    the Oxigraph index of :mod:`aidgraph.queries.sparql`.
    """
    import rdflib

    graph = bind_prefixes(rdflib.Graph())
    data = "".join(iter_ntriples(_as_store(store_or_ws)))
    graph.parse(data=data, format="nt")
    return graph


def export_rdf(store_or_ws: Any, fmt: str, out: str | Path) -> int:
    """Write the store as Turtle, JSON-LD or N-Quads to ``out``; returns the statements written.

    A triple stated twice (two edges of different programmes between the same ends
    share their direct triple) is written, and counted, twice; RDF readers merge them.
    Everything streams through Oxigraph's parser and serialisers, so exporting the
    full graph does not hold it in memory as Python objects.
    """
    import pyoxigraph as ox

    formats = {
        "turtle": ox.RdfFormat.TURTLE,
        "jsonld": ox.RdfFormat.JSON_LD,
        "nquads": ox.RdfFormat.N_QUADS,
    }
    if fmt not in formats:
        raise ValueError(f"unknown RDF format {fmt!r}; choose one of {', '.join(EXPORT_FORMATS)}")
    counter = _Counter(iter_ntriples(_as_store(store_or_ws)))
    quads = ox.parse(LineReader(counter), format=ox.RdfFormat.N_TRIPLES)
    prefixes = PREFIXES if fmt == "turtle" else None
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("wb") as handle:
        ox.serialize(quads, handle, format=formats[fmt], prefixes=prefixes)
    return counter.count


class _Counter:
    """Counts lines as they pass, to report how many triples were written."""

    def __init__(self, lines: Iterable[str]) -> None:
        self._lines = iter(lines)
        self.count = 0

    def __iter__(self) -> Iterator[str]:
        for line in self._lines:
            self.count += 1
            yield line


# -- ontology and SHACL ---------------------------------------------------------------


def ontology_path() -> Path:
    return Path(str(resources.files("aidgraph.queries").joinpath("ontology.ttl")))


def shapes_path() -> Path:
    return Path(str(resources.files("aidgraph.queries").joinpath("shapes.ttl")))


@dataclass
class ShaclReport:
    conforms: bool
    text: str
    violations: int


def validate(data: Any) -> ShaclReport:
    """Check a store, workspace or rdflib graph against the shipped SHACL shapes."""
    import pyshacl
    import rdflib

    graph = data if isinstance(data, rdflib.Graph) else to_rdflib(data)
    shapes = rdflib.Graph().parse(shapes_path(), format="turtle")
    ontology = rdflib.Graph().parse(ontology_path(), format="turtle")
    conforms, report, text = pyshacl.validate(
        graph, shacl_graph=shapes, ont_graph=ontology, inference="none", abort_on_first=False
    )
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    violations = len(set(report.subjects(rdflib.RDF.type, sh.ValidationResult)))
    return ShaclReport(bool(conforms), str(text), violations)


if __name__ == "__main__":
    # ``python -m aidgraph.queries.rdf STORE`` streams a store's triples to stdout: the
    # SPARQL index build runs it as a producer process, so formatting (Python) and
    # loading (Oxigraph) use two cores.
    write_ntriples(Store(sys.argv[1]), sys.stdout.buffer)
