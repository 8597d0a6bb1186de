"""aidgraph: a knowledge graph of China's counterpart medical aid.

The package is laid out as one-way layers: ``aidgraph.ingest`` reads record files and
articles into the plain model of ``aidgraph.graph``, which the store persists;
``aidgraph.queries`` answers questions of it; ``aidgraph.api`` and ``aidgraph.viz``
present those answers.
"""

__version__ = "0.1.0"
