"""The graph model (nodes, edges, provenance) and the embedded SQLite store."""

from aidgraph.graph.model import (
    Approx,
    Edge,
    EdgeType,
    Extraction,
    Figure,
    Node,
    NodeType,
    Provenance,
    Source,
    SourceKind,
    edge_id,
    node_id,
)

__all__ = [
    "Approx",
    "Edge",
    "EdgeType",
    "Extraction",
    "Figure",
    "Node",
    "NodeType",
    "Provenance",
    "Source",
    "SourceKind",
    "edge_id",
    "node_id",
]
