"""National algorithms: SM2 (tongsuopy), SM3 and SM4 (cryptography), OIDs.

The public face of ``eseal.engine.gm``; callers outside the package import from here.
"""

from eseal.engine.gm import oids, sm4
from eseal.engine.gm.errors import GMError, SM2Error, SM4DecryptionError, SM4KeyError
from eseal.engine.gm.sm2 import DEFAULT_SIGNER_ID, SM2PrivateKey, SM2PublicKey, message_digest
from eseal.engine.gm.sm3 import new as sm3_new
from eseal.engine.gm.sm3 import sm3, sm3_chunks

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
