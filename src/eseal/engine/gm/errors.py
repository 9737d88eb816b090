"""Errors of the national-algorithm package: one hierarchy under :class:`GMError`, each with a stable ``code``.

All are ``ValueError`` subclasses (bad keys, signatures and ciphertexts are bad *values*), so existing
``except ValueError`` callers keep working.
"""

from __future__ import annotations

from typing import ClassVar

__all__ = ["GMError", "SM2Error", "SM4DecryptionError", "SM4KeyError"]


class GMError(ValueError):
    """Base class of every error raised by :mod:`eseal.engine.gm`."""

    code: ClassVar[str] = "gm"


class SM2Error(GMError):
    """Malformed SM2 key or signature encoding."""

    code: ClassVar[str] = "gm.sm2"


class SM4KeyError(GMError):
    """An SM4 key of the wrong length."""

    code: ClassVar[str] = "gm.sm4.key"


class SM4DecryptionError(GMError):
    """The ciphertext, nonce, associated data or key is wrong: nothing is returned."""

    code: ClassVar[str] = "gm.sm4.decryption"
