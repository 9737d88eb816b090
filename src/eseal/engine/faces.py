"""Package faces that load their names on first use (PEP 562), one loader for every lazy face.

A lazy face lists its public names in ``__all__`` and writes where each comes from as ordinary imports inside
``if TYPE_CHECKING:`` (so mypy and readers see them); ``__getattr__, __dir__ = lazy_face(__name__)`` then imports a
name from that module the first time it is used and keeps it as a plain module attribute. Why: a command that needs
one part of a package should not pay for importing all of it (issue E3 #12, cold start of ``eseal sign``).
``from package import submodule`` in the block names a submodule. tests/test_layering.py counts the block's
imports as real edges of a lazy face.
"""

from __future__ import annotations

import ast
import importlib
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any


def _origins(path: str) -> dict[str, tuple[str, str]]:
    """Face name -> (module, name in it), from the ``if TYPE_CHECKING:`` import block of the face's file."""
    out: dict[str, tuple[str, str]] = {}
    for node in ast.parse(Path(path).read_text(encoding="utf-8")).body:
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            for imp in node.body:
                if isinstance(imp, ast.ImportFrom) and imp.module:
                    for alias in imp.names:
                        out[alias.asname or alias.name] = (imp.module, alias.name)
    return out


def lazy_face(module_name: str) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """(``__getattr__``, ``__dir__``) for the package face ``module_name`` (call it from the face itself)."""
    face = sys.modules[module_name]
    origins: dict[str, tuple[str, str]] = {}

    def getattr_(name: str) -> Any:
        if not origins:
            origins.update(_origins(str(face.__file__)))
        origin = origins.get(name) if name in face.__all__ else None
        if origin is None:
            raise AttributeError(f"module {module_name!r} has no attribute {name!r}")
        module, attr = origin
        if module == module_name:  # a submodule of the package (``from eseal.engine.gm import sm4``)
            value = importlib.import_module(f"{module}.{attr}")
        else:
            value = getattr(importlib.import_module(module), attr)
        setattr(face, name, value)  # next time a plain module attribute
        return value

    def dir_() -> list[str]:
        return sorted(set(vars(face)) | set(face.__all__))

    return getattr_, dir_


__all__ = ["lazy_face"]
