"""Reading sources into the graph: program record files and news articles.

Each source becomes one :class:`~aidgraph.graph.model.Extraction`; :func:`ingest_paths`
reads every source first and lands them all in one store transaction, so an ingest
lands whole or not at all.
"""

from aidgraph.ingest.pipeline import (
    ARTICLE_SUFFIXES,
    IngestError,
    IngestReport,
    collect_paths,
    ingest_paths,
    read_source,
)

__all__ = [
    "ARTICLE_SUFFIXES",
    "IngestError",
    "IngestReport",
    "collect_paths",
    "ingest_paths",
    "read_source",
]
