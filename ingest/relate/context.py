"""The plain data of relation finding: a :class:`Relation` found in a sentence, and
the article context (:class:`_Ctx`) the rules read and update sentence by sentence.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from aidgraph.graph.model import EdgeType, Figure


@dataclass
class Relation:
    """A relation found in sentence ``sentence`` (its index) between two entity ids."""

    type: EdgeType
    source: str
    target: str
    sentence: int
    program: str | None = None
    start: int | None = None
    end: int | None = None
    figures: dict[str, Figure] = field(default_factory=dict)


@dataclass
class _Ctx:
    """What the article as a whole says: its donor, its recipients so far, its hospital."""

    donor: str | None = None
    recipients: list[str] = field(default_factory=list)
    main_hospital: str | None = None
    # the hospital that writes 我院: its masthead, else the article's donor hospital, if any
    own_hospital: str | None = None
    last_hospital: str | None = None
    last_donors: list[str] = field(default_factory=list)
    last_team: int | None = None
    last_alliance: str | None = None
    last_person: str | None = None
    # donor hospital → the hospital it was last said to support
    supported: dict[str, str] = field(default_factory=dict)
    last_pair: tuple[str, str] | None = None
    # alliance → its members named so far (成员医院 stands for them)
    members: dict[str, list[str]] = field(default_factory=dict)
