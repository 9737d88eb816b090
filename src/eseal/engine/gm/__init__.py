"""National algorithms: SM2 (tongsuopy), SM3 and SM4 (cryptography), OIDs.

The public face of ``eseal.engine.gm``; callers outside the package import from here.

SM2 needs tongsuopy (~15-20 ms to import): its names are loaded on first use (PEP 562, the way
``eseal.engine.pdf`` does it), so an ECDSA seal (PAdES) or a caller that only hashes with SM3 never
loads it. SM3 is imported eagerly: it is cheap, and the submodule ``sm3`` would otherwise shadow the
function of the same name once someone imports ``eseal.engine.gm.sm3``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from eseal.engine.faces import lazy_face
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
__getattr__, __dir__ = lazy_face(__name__)
