"""Object identifiers of the Chinese national algorithms (GM/T 0006) and of GB/T 38540 objects.

Kept as dotted strings so that asn1crypto, cryptography and our own code can all use them.
"""

from __future__ import annotations

SM2_CURVE = "1.2.156.10197.1.301"  # sm2p256v1 named curve
SM2_SIGN = "1.2.156.10197.1.301.1"  # sm2-1 digital signature algorithm (rarely used on its own)
SM2_ENCRYPT = "1.2.156.10197.1.301.3"
SM3 = "1.2.156.10197.1.401"
SM2_WITH_SM3 = "1.2.156.10197.1.501"  # SM3WithSM2 signature algorithm
SM4 = "1.2.156.10197.1.104"
EC_PUBLIC_KEY = "1.2.840.10045.2.1"  # id-ecPublicKey, algorithm of SM2 SubjectPublicKeyInfo

# GM/T 0010 (PKCS#7-like) content types, used by some GB/T 38540 producers.
GM_DATA = "1.2.156.10197.6.1.4.2.1"
GM_SIGNED_DATA = "1.2.156.10197.6.1.4.2.2"
