"""National algorithms: SM2 (tongsuopy), SM3 and SM4 (cryptography), OIDs.

The public face of ``eseal.engine.gm``; callers outside the package import from here.

SM2 needs tongsuopy (~15-20 ms to import): its names are loaded on first use (PEP 562, the way
``eseal.engine.pdf`` does it), so an ECDSA seal (PAdES) or a caller that only hashes with SM3 never
loads it. SM3 is imported eagerly: it is cheap, and the submodule ``sm3`` would otherwise shadow the
function of the same name once someone imports ``eseal.engine.gm.sm3``.
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from eseal.engine.gm import oids
from eseal.engine.gm.errors import GMError, SM2Error, SM4DecryptionError, SM4KeyError
from eseal.engine.gm.sm3 import new as sm3_new
from eseal.engine.gm.sm3 import sm3, sm3_chunks

if TYPE_CHECKING:  # loaded on first use (see __getattr__ below)
    from eseal.engine.gm import sm4
    from eseal.engine.gm.sm2 import DEFAULT_SIGNER_ID, SM2PrivateKey, SM2PublicKey, message_digest

__all__ = [
    "DEFAULT_SIGNER_ID",
    "GMError",
    "SM2Error",
    "SM2PrivateKey",
    "SM2PublicKey",
    "SM4DecryptionError",
    "SM4KeyError",
    "message_digest",
    "oids",
    "sm3",
    "sm3_chunks",
    "sm3_new",
    "sm4",
]


# --- loading on first use (the same machinery as eseal.engine.pdf) -------------------------------------
_origins: dict[str, tuple[str, str]] = {}


def _origin(name: str) -> tuple[str, str] | None:
    """(module, name in it) of a face name, read from this file's ``if TYPE_CHECKING:`` import block."""
    if not _origins:
        tree = ast.parse(Path(__file__).read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
                for imp in node.body:
                    if isinstance(imp, ast.ImportFrom) and imp.module:
                        for alias in imp.names:
                            _origins[alias.asname or alias.name] = (imp.module, alias.name)
    return _origins.get(name)


def __getattr__(name: str) -> Any:
    origin = _origin(name) if name in __all__ else None
    if origin is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module, attr = origin
    if module == __name__:  # a submodule of this package (``from eseal.engine.gm import sm4``)
        value = importlib.import_module(f"{module}.{attr}")
    else:
        value = getattr(importlib.import_module(module), attr)
    globals()[name] = value  # next time a plain module attribute
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
