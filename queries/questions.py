"""Named network questions: the registry and :func:`ask`, the one way to ask them by name.

The questions themselves live in :mod:`aidgraph.queries.support` (who aids whom) and
:mod:`aidgraph.queries.network` (paths, ego networks, centrality, communities); both
register into :data:`QUESTIONS`. The CLI (``aidgraph ask NAME --param value``) and the
HTTP API pass raw strings; :func:`ask` converts them to the declared types and turns
every user mistake (unknown question, parameter or entity, bad value) into a
:class:`QuestionError` with a message fit to show as is.
"""

from __future__ import annotations

import difflib
from typing import Any

import networkx as nx

from aidgraph.queries import aggregate, entities, network, regions, support
from aidgraph.queries.entities import EntityError, graph_of
from aidgraph.queries.network import ego_subgraph
from aidgraph.queries.registry import QUESTIONS, Parameter, Question, QuestionError
from aidgraph.queries.support import alliance_subgraph, flow_graph, program_subgraph
from aidgraph.queries.table import Table
from aidgraph.queries.workspace import Workspace

__all__ = [
    "QUESTIONS",
    "Parameter",
    "Question",
    "QuestionError",
    "alliance_subgraph",
    "ask",
    "ego_subgraph",
    "flow_graph",
    "get_question",
    "list_questions",
    "network",
    "parse_arguments",
    "program_subgraph",
    "support",
    "warm_up",
]


def get_question(name: str) -> Question:
    """The registered question ``name`` (``_`` and ``-`` alike), or a QuestionError."""
    key = name.strip().replace("_", "-")
    found = QUESTIONS.get(key)
    if found is None:
        close = difflib.get_close_matches(key, QUESTIONS, n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise QuestionError(f"unknown question {name!r}{hint} (`aidgraph ask --list` lists them)")
    return found


def list_questions() -> Table:
    """Every question with its summary and parameters, for ``aidgraph ask --list``."""
    rows = [
        [q.name, q.summary, ", ".join(_signature(p) for p in q.parameters)]
        for q in sorted(QUESTIONS.values(), key=lambda q: q.name)
    ]
    return Table(["question", "summary", "parameters"], rows)


def _signature(p: Parameter) -> str:
    kind = "|".join(p.choices) if p.choices else p.type
    return f"{p.name}: {kind}" if p.required else f"{p.name}: {kind} = {p.default}"


def parse_arguments(name: str, tokens: list[str]) -> dict[str, str]:
    """Raw arguments from command-line words: ``--key value``, ``--key=value``, a bare
    ``--flag`` (true) or ``--no-flag`` (false) for booleans, and positional words for the
    required parameters in order (``aidgraph ask supporters 新疆``)."""
    chosen = get_question(name)
    kinds = {p.name: p.type for p in chosen.parameters}
    positional = [p.name for p in chosen.parameters if p.required]
    out: dict[str, str] = {}
    words = list(tokens)
    while words:
        word = words.pop(0)
        if not word.startswith("--"):
            if not positional:
                raise QuestionError(f"question {chosen.name!r}: unexpected argument {word!r}")
            out[positional.pop(0)] = word
            continue
        key, has_value, value = word[2:].partition("=")
        key = key.replace("-", "_")
        negated = key.startswith("no_") and kinds.get(key[3:]) == "bool"
        if not has_value and key not in kinds and negated:
            key, value, has_value = key[3:], "false", True
        if not has_value:
            if kinds.get(key) == "bool":
                value = "true" if not words or words[0].startswith("--") else words.pop(0)
            elif words:
                value = words.pop(0)
            else:
                raise QuestionError(f"option --{key.replace('_', '-')} needs a value")
        if key in positional:
            positional.remove(key)
        out[key] = value
    return out


def warm_up(source: Workspace | nx.MultiDiGraph) -> nx.MultiDiGraph:
    """Build the indexes every question shares (names, relations by type, region
    placement, edge ids, degrees, PageRank, communities) now rather than on the first
    question; returns the graph.

    A server calls this at start-up; on a 100k-node graph it takes a few seconds.
    """
    G = graph_of(source)
    entities.search_entities(G, "", limit=0)
    aggregate.edges_of_type(G, "SUPPORTS")
    aggregate.edge_index(G)
    regions.places(G)
    # The whole-network measures with their default arguments: the costliest first
    # calls (PageRank, the Louvain partition), a second or more each at 100k nodes.
    network.pagerank_scores(G)
    network.community_of(G)
    return G


def ask(source: Workspace | nx.MultiDiGraph, name: str, /, **arguments: Any) -> Table:
    """Answer the named question with raw (string or typed) arguments.

    ``source`` is a :class:`Workspace` (its cached graph is used) or a graph.
    """
    chosen = get_question(name)
    kwargs = chosen.convert(arguments)
    G = graph_of(source)
    try:
        return chosen(G, **kwargs)
    except EntityError as exc:
        raise QuestionError(str(exc)) from exc
