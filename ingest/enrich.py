"""Add what the gazetteer knows to Region nodes: level, administrative code, coordinates.

Record files name regions but rarely give their level or code; the region roll-ups of
the query layer and the flow views need both. A name the gazetteer cannot resolve to
exactly one place is left as it is rather than guessed.
"""

from __future__ import annotations

from aidgraph.graph.model import Extraction, NodeType
from aidgraph.ingest.gazetteer import Gazetteer, default_gazetteer


def enrich_regions(extraction: Extraction, gazetteer: Gazetteer | None = None) -> None:
    """Fill ``level``, ``adcode``, ``lat`` and ``lon`` of Region nodes where unknown."""
    gazetteer = gazetteer or default_gazetteer()
    for node in extraction.nodes.values():
        if node.type is not NodeType.REGION or "adcode" in node.attrs:
            continue
        place = gazetteer.resolve(node.name)
        if place is None:
            continue
        found = {"level": place.level, "adcode": place.adcode, "lat": place.lat, "lon": place.lon}
        for key, value in found.items():
            if value is not None:
                node.attrs.setdefault(key, value)
