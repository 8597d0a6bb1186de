"""The registry of named questions: what each is called, what it answers, what it takes.

A named question is a plain function ``f(G, ...) -> Table`` registered with
:func:`question`. Its parameters are read from its signature: the type from the
annotation (``Annotated[int, "help text"]``; ``Literal[...]`` gives choices; ``X | None``
is optional), the default from the default value, and the summary from the first line
of its docstring. The CLI (``aidgraph ask --list``) and the HTTP API list them from
here, and :meth:`Question.convert` turns the strings they receive into typed values.
"""

from __future__ import annotations

import inspect
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any, Literal, NewType

import networkx as nx

from aidgraph.queries.table import Table

# An entity named by id, canonical name or alias; resolved by the question itself.
EntityRef = NewType("EntityRef", str)

_TRUE = frozenset({"1", "true", "yes", "y", "on"})
_FALSE = frozenset({"0", "false", "no", "n", "off"})


class QuestionError(ValueError):
    """A question asked wrongly: unknown name or parameter, bad value, unknown entity."""


@dataclass(frozen=True)
class Parameter:
    name: str
    type: str  # "str" | "int" | "float" | "bool" | "entity" | "choice"
    default: Any
    help: str
    required: bool
    choices: tuple[str, ...] | None = None
    optional: bool = False  # accepts None

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "type": self.type,
            "default": self.default,
            "required": self.required,
            "choices": list(self.choices) if self.choices else None,
            "help": self.help,
        }

    def convert(self, value: Any) -> Any:
        """``value`` (often a string from a command line or query string) as this type."""
        if value is None or (self.optional and value == ""):
            if self.required:
                raise QuestionError(f"parameter {self.name!r} is required")
            return self.default
        if not isinstance(value, str):
            return self._check(value)
        text = value.strip()
        try:
            if self.type == "int":
                return int(text)
            if self.type == "float":
                return float(text)
        except ValueError:
            kind = "an integer" if self.type == "int" else "a number"
            raise QuestionError(
                f"parameter {self.name!r}: expected {kind}, got {value!r}"
            ) from None
        if self.type == "bool":
            if text.lower() in _TRUE:
                return True
            if text.lower() in _FALSE:
                return False
            raise QuestionError(f"parameter {self.name!r}: expected true or false, got {value!r}")
        return self._check(text)

    def _check(self, value: Any) -> Any:
        if self.choices and value not in self.choices:
            raise QuestionError(
                f"parameter {self.name!r}: {value!r} is not one of {', '.join(self.choices)}"
            )
        python = {"int": int, "float": (int, float), "bool": bool}.get(self.type, str)
        if not isinstance(value, python) or (self.type == "int" and isinstance(value, bool)):
            raise QuestionError(f"parameter {self.name!r}: expected {self.type}, got {value!r}")
        return value


@dataclass(frozen=True)
class Question:
    name: str
    summary: str
    doc: str
    function: Callable[..., Table]
    parameters: tuple[Parameter, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "summary": self.summary,
            "doc": self.doc,
            "parameters": [p.to_dict() for p in self.parameters],
        }

    def convert(self, arguments: dict[str, Any]) -> dict[str, Any]:
        """Typed keyword arguments from raw ones; ``-`` in names is read as ``_``."""
        known = {p.name: p for p in self.parameters}
        given = {key.replace("-", "_"): value for key, value in arguments.items()}
        unknown = sorted(set(given) - set(known))
        if unknown:
            accepted = ", ".join(known) or "none"
            raise QuestionError(
                f"question {self.name!r} has no parameter {unknown[0]!r} (it takes: {accepted})"
            )
        return {name: p.convert(given.get(name)) for name, p in known.items()}

    def __call__(self, G: nx.MultiDiGraph, **kwargs: Any) -> Table:
        return self.function(G, **kwargs)


QUESTIONS: dict[str, Question] = {}


def question(name: str) -> Callable[[Callable[..., Table]], Callable[..., Table]]:
    """Register ``f(G, ...) -> Table`` as the named question ``name``."""

    def register(function: Callable[..., Table]) -> Callable[..., Table]:
        if name in QUESTIONS:
            raise ValueError(f"question {name!r} registered twice")
        doc = inspect.getdoc(function) or ""
        QUESTIONS[name] = Question(
            name=name,
            summary=doc.splitlines()[0] if doc else name,
            doc=doc,
            function=function,
            parameters=tuple(_parameters(function)),
        )
        return function

    return register


def _parameters(function: Callable[..., Any]) -> list[Parameter]:
    hints = typing.get_type_hints(function, include_extras=True)
    out = []
    for position, (name, param) in enumerate(inspect.signature(function).parameters.items()):
        if position == 0:  # the graph
            continue
        hint = hints.get(name, str)
        help_text = ""
        if typing.get_origin(hint) is Annotated:
            hint, *meta = typing.get_args(hint)
            help_text = next((m for m in meta if isinstance(m, str)), "")
        kind, choices, optional = _kind(hint)
        required = param.default is inspect.Parameter.empty
        default = None if required else param.default
        out.append(Parameter(name, kind, default, help_text, required, choices, optional))
    return out


def _kind(hint: Any) -> tuple[str, tuple[str, ...] | None, bool]:
    """(type name, choices, optional) of an annotation."""
    optional = False
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        optional = len(args) < len(typing.get_args(hint))
        hint = args[0]
    if typing.get_origin(hint) is Literal:
        return "choice", tuple(str(a) for a in typing.get_args(hint)), optional
    if hint is EntityRef:
        return "entity", None, optional
    names = {int: "int", float: "float", bool: "bool", str: "str"}
    if hint not in names:
        raise TypeError(f"unsupported question parameter type {hint!r}")
    return names[hint], None, optional
