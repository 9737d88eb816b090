"""National algorithms: SM2 (tongsuopy), SM3 and SM4 (cryptography), OIDs."""

from eseal.engine.gm.sm2 import DEFAULT_SIGNER_ID, SM2Error, SM2PrivateKey, SM2PublicKey
from eseal.engine.gm.sm3 import sm3

__all__ = ["DEFAULT_SIGNER_ID", "SM2Error", "SM2PrivateKey", "SM2PublicKey", "sm3"]
