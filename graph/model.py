"""The plain model objects that flow between layers: nodes, edges, their provenance.

Every layer speaks these dataclasses: ingest produces them, the store persists them,
queries and views read them. They carry no behaviour beyond identity and merging, so
they can be built, compared and serialised without a database.

Identity is by content, not by insertion order: a node's id is its type plus its
canonical name, an edge's id is a hash of its type, its ends and its program. Ingesting
the same fact twice therefore yields the same ids, and merging is explicit in
:meth:`Node.merge` and :meth:`Edge.merge`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, TypeVar


class NodeType(StrEnum):
    REGION = "Region"
    HOSPITAL = "Hospital"
    ORGANIZATION = "Organization"
    DEPARTMENT = "Department"
    PERSON = "Person"
    TECHNIQUE = "Technique"
    PROGRAM = "Program"
    ALLIANCE = "Alliance"


class EdgeType(StrEnum):
    SUPPORTS = "SUPPORTS"
    PAIRS_WITH = "PAIRS_WITH"
    TRAINED = "TRAINED"
    ALLIANCE_MEMBER = "ALLIANCE_MEMBER"
    LOCATED_IN = "LOCATED_IN"
    DEPARTMENT_OF = "DEPARTMENT_OF"
    TECHNIQUE_AT = "TECHNIQUE_AT"
    AFFILIATED_WITH = "AFFILIATED_WITH"

    @property
    def directed(self) -> bool:
        return self is not PAIRS_WITH  # the module name (below): see why there


# The members again as plain module names, for code that tests types in its inner loops
# (the extraction rules). On Python 3.11 ``NodeType.HOSPITAL`` goes through
# ``EnumType.__getattr__``'s slow attribute hook, about 70 ns against 5 ns for a module
# name (the hook is gone in 3.12); extraction makes millions of such tests per MB.
REGION = NodeType.REGION
HOSPITAL = NodeType.HOSPITAL
ORGANIZATION = NodeType.ORGANIZATION
DEPARTMENT = NodeType.DEPARTMENT
PERSON = NodeType.PERSON
TECHNIQUE = NodeType.TECHNIQUE
PROGRAM = NodeType.PROGRAM
ALLIANCE = NodeType.ALLIANCE
SUPPORTS = EdgeType.SUPPORTS
PAIRS_WITH = EdgeType.PAIRS_WITH
TRAINED = EdgeType.TRAINED
ALLIANCE_MEMBER = EdgeType.ALLIANCE_MEMBER
LOCATED_IN = EdgeType.LOCATED_IN
DEPARTMENT_OF = EdgeType.DEPARTMENT_OF
TECHNIQUE_AT = EdgeType.TECHNIQUE_AT
AFFILIATED_WITH = EdgeType.AFFILIATED_WITH

_E = TypeVar("_E", bound=StrEnum)


def _member(enum: type[_E], value: _E | str) -> _E:
    """``enum(value)``; a value that already is a member skips the enum call (a good part
    of the cost of building a node or an edge, and of an id)."""
    return value if type(value) is enum else enum(value)  # type: ignore[return-value]


_ACTORS = frozenset({"Region", "Hospital", "Organization", "Department", "Person", "Alliance"})
_PLACE_BOUND = frozenset({"Hospital", "Organization", "Region", "Alliance", "Program"})

# Which node types each relation may join (source types, target types), from the
# annotation guide: a record or extractor that breaks these is wrong, not creative.
ENDPOINTS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "SUPPORTS": (_ACTORS, _ACTORS),
    "PAIRS_WITH": (
        frozenset({"Region", "Hospital", "Organization", "Department"}),
        frozenset({"Region", "Hospital", "Organization", "Department"}),
    ),
    "TRAINED": (
        frozenset({"Region", "Hospital", "Organization", "Department", "Person"}),
        frozenset({"Region", "Hospital", "Organization", "Department", "Person"}),
    ),
    "ALLIANCE_MEMBER": (
        frozenset({"Hospital", "Organization", "Region", "Department"}),
        frozenset({"Alliance"}),
    ),
    "LOCATED_IN": (_PLACE_BOUND, frozenset({"Region"})),
    "DEPARTMENT_OF": (frozenset({"Department"}), frozenset({"Hospital"})),
    "TECHNIQUE_AT": (frozenset({"Technique"}), frozenset({"Hospital", "Region", "Department"})),
    "AFFILIATED_WITH": (
        frozenset({"Person"}),
        frozenset({"Hospital", "Organization", "Department"}),
    ),
}


def endpoint_problem(edge_type: str, source_type: str, target_type: str) -> str | None:
    """Why ``source_type -[edge_type]-> target_type`` is not allowed, or None if it is."""
    sources, targets = ENDPOINTS[EdgeType(edge_type)]
    if source_type not in sources:
        return (
            f"{edge_type} cannot start at a {source_type} (allowed: {', '.join(sorted(sources))})"
        )
    if target_type not in targets:
        return f"{edge_type} cannot end at a {target_type} (allowed: {', '.join(sorted(targets))})"
    return None


class SourceKind(StrEnum):
    RECORDS = "records"
    ARTICLE = "article"


class Approx(StrEnum):
    """How a reported figure relates to the true count (余/多 → over, 近 → nearly, 约 → about)."""

    OVER = "over"
    NEARLY = "nearly"
    ABOUT = "about"


@dataclass(frozen=True)
class Figure:
    """A count a source reports, kept with its approximation: 1.2万余人次 → 12000, over, 人次."""

    value: float
    approx: Approx | None = None
    unit: str | None = None
    text: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"value": self.value}
        if self.approx:
            out["approx"] = str(self.approx)
        if self.unit:
            out["unit"] = self.unit
        if self.text:
            out["text"] = self.text
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any] | float | int) -> Figure:
        if isinstance(data, int | float):
            return cls(value=data)
        approx = data.get("approx")
        return cls(
            value=data["value"],
            approx=Approx(approx) if approx else None,
            unit=data.get("unit"),
            text=data.get("text"),
        )


@dataclass(frozen=True)
class Source:
    """Where facts come from: one article or one record file, identified by its content hash."""

    sha256: str
    kind: SourceKind
    uri: str
    title: str | None = None

    @property
    def id(self) -> str:
        return f"src:{self.sha256[:16]}"


@dataclass(frozen=True, init=False)
class Provenance:
    """Where in a source a node or edge was stated.

    Articles give the sentence and its character offsets into the original (decoded)
    text; record files give the line number. ``extractor`` names the code and version
    that read it, so a later, better extractor can be told apart.
    """

    source_id: str
    extractor: str
    sentence: str | None = None
    start: int | None = None
    end: int | None = None
    line: int | None = None

    def __init__(
        self,
        source_id: str,
        extractor: str,
        sentence: str | None = None,
        start: int | None = None,
        end: int | None = None,
        line: int | None = None,
    ) -> None:
        # The generated __init__ of a frozen dataclass calls object.__setattr__ once per
        # field; an article makes one Provenance per mention, so the fields go straight
        # into the instance dict (in field order, which to_dict keeps).
        fields = self.__dict__
        fields["source_id"] = source_id
        fields["extractor"] = extractor
        fields["sentence"] = sentence
        fields["start"] = start
        fields["end"] = end
        fields["line"] = line

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v is not None}


def node_id(node_type: NodeType | str, name: str) -> str:
    """The stable id of a node: ``Hospital:东莞市人民医院``."""
    return f"{_member(NodeType, node_type)}:{name}"


@dataclass
class Node:
    """An entity: a canonical simplified-Chinese name, every surface form seen, typed facts.

    ``attrs`` holds type-specific facts, e.g. a Region's ``level`` (province, prefecture,
    county) and ``adcode``, a Person's ``role``, and ``label_en`` for a romanised label.
    """

    type: NodeType
    name: str
    aliases: set[str] = field(default_factory=set)
    attrs: dict[str, Any] = field(default_factory=dict)
    provenance: list[Provenance] = field(default_factory=list)
    # Mirrors `provenance` so that merging stays linear when a node gathers thousands
    # of statements (a program named on every row of a large record file).
    _statements: set[Provenance] = field(default_factory=set, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._statements = set(self.provenance)
        self.type = _member(NodeType, self.type)
        if not self.name or not self.name.strip():
            raise ValueError("a node needs a non-empty name")
        self.aliases = {a for a in self.aliases if a and a != self.name}

    @property
    def id(self) -> str:
        return node_id(self.type, self.name)

    def merge(self, other: Node) -> None:
        """Fold ``other`` (the same entity seen again) into this node.

        Aliases and provenance are unioned; an attribute already known keeps its value,
        so the first source to state a fact wins and later ones only fill gaps.
        """
        if other.id != self.id:
            raise ValueError(f"cannot merge {other.id} into {self.id}")
        self.aliases |= other.aliases
        for key, value in other.attrs.items():
            self.attrs.setdefault(key, value)
        for statement in other.provenance:
            if statement not in self._statements:
                self.provenance.append(statement)
                self._statements.add(statement)


def edge_id(edge_type: EdgeType | str, source: str, target: str, program: str | None) -> str:
    """A content hash of what makes an edge the same fact: type, ends, program."""
    edge_type = _member(EdgeType, edge_type)
    if not edge_type.directed and target < source:  # either way round is one edge
        source, target = target, source
    key = f"{edge_type!s}\x1f{source}\x1f{target}\x1f{program or ''}"
    return "e:" + hashlib.sha256(key.encode()).hexdigest()[:16]


@dataclass
class Edge:
    """A relation between two node ids, with its program, years and reported figures.

    PAIRS_WITH is undirected: its ends are stored in sorted order so that "A pairs with
    B" and "B pairs with A" are one edge.
    """

    type: EdgeType
    source: str
    target: str
    program: str | None = None
    start: int | None = None
    end: int | None = None
    figures: dict[str, Figure] = field(default_factory=dict)
    attrs: dict[str, Any] = field(default_factory=dict)
    provenance: list[Provenance] = field(default_factory=list)
    _statements: set[Provenance] = field(default_factory=set, init=False, repr=False, compare=False)
    _id_key: tuple[Any, ...] = field(default=(), init=False, repr=False, compare=False)
    _id: str = field(default="", init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._statements = set(self.provenance)
        self.type = _member(EdgeType, self.type)
        if self.source == self.target:
            raise ValueError(f"a {self.type} edge cannot join {self.source} to itself")
        if not self.type.directed and self.target < self.source:
            self.source, self.target = self.target, self.source
        if self.start and self.end and self.end < self.start:
            raise ValueError(f"end year {self.end} is before start year {self.start}")

    @property
    def id(self) -> str:
        # Memoised on the fields it hashes: the store asks for ids several times per
        # edge, and a caller may still change ``program`` after construction.
        key = (self.type, self.source, self.target, self.program)
        if self._id_key != key:
            self._id_key, self._id = key, edge_id(*key)
        return self._id

    def merge(self, other: Edge) -> None:
        """Fold ``other`` (the same fact from another statement) into this edge.

        The years widen to cover both; a figure already known keeps its value (figures
        from different sources describe the same count, so adding them would double it).
        """
        if other.id != self.id:
            raise ValueError(f"cannot merge {other.id} into {self.id}")
        self.start = _min_year(self.start, other.start)
        self.end = _max_year(self.end, other.end)
        for key, figure in other.figures.items():
            self.figures.setdefault(key, figure)
        for key, value in other.attrs.items():
            self.attrs.setdefault(key, value)
        for statement in other.provenance:
            if statement not in self._statements:
                self.provenance.append(statement)
                self._statements.add(statement)


def _min_year(a: int | None, b: int | None) -> int | None:
    return min(a, b) if a and b else a or b


def _max_year(a: int | None, b: int | None) -> int | None:
    return max(a, b) if a and b else a or b


@dataclass
class Extraction:
    """What one source yields: the source itself and the nodes and edges it states.

    This is the unit an ingest lands, whole or not at all. Nodes and edges are keyed by
    id, so stating a fact twice in one source merges rather than duplicates it.
    """

    source: Source
    nodes: dict[str, Node] = field(default_factory=dict)
    edges: dict[str, Edge] = field(default_factory=dict)

    def add_node(self, node: Node) -> Node:
        """Add ``node``, merging it into an earlier node with the same id; returns the kept one."""
        kept = self.nodes.setdefault(node.id, node)
        if kept is not node:
            kept.merge(node)
        return kept

    def add_edge(self, edge: Edge) -> Edge:
        """Add ``edge``, merging it into an earlier edge with the same id; returns the kept one."""
        kept = self.edges.setdefault(edge.id, edge)
        if kept is not edge:
            kept.merge(edge)
        return kept
