"""Optional extras: a clear message, with the install command, when one is missing."""

from __future__ import annotations

import importlib
from types import ModuleType


class MissingExtra(ImportError):
    """A feature needs an optional dependency group that is not installed."""

    def __init__(self, extra: str, cause: ImportError | None = None) -> None:
        missing = f" (missing module {cause.name!r})" if cause and cause.name else ""
        super().__init__(
            f"this feature needs the [{extra}] extra{missing}: pip install 'aidgraph[{extra}]'"
        )
        self.extra = extra


def require(module: str, extra: str) -> ModuleType:
    """Import ``module`` or raise :class:`MissingExtra` naming the extra that provides it."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise MissingExtra(extra, exc) from exc
