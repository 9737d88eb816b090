"""The Signer protocol across SM2, ECDSA P-256 and RSA software keys."""

from __future__ import annotations

import pytest

from eseal.engine.pki.signer import (
    ECDSA_P256,
    RSA,
    SM2,
    Signer,
    family_of_public_key,
    generate_signer,
    verify_with_public_key_info,
)


@pytest.mark.parametrize("family", [SM2, ECDSA_P256, RSA])
def test_sign_verify_each_family(family: str) -> None:
    signer = generate_signer(family)
    assert isinstance(signer, Signer)
    oid = signer.signature_algorithm["algorithm"].dotted
    sig = signer.sign(b"tbs")
    assert family_of_public_key(signer.public_key_info) == family
    assert verify_with_public_key_info(signer.public_key_info, sig, b"tbs", oid)
    assert not verify_with_public_key_info(signer.public_key_info, sig, b"tbs2", oid)


def test_algorithm_mismatch_is_false() -> None:
    sm2, ecdsa = generate_signer(SM2), generate_signer(ECDSA_P256)
    sig = ecdsa.sign(b"x")
    assert not verify_with_public_key_info(sm2.public_key_info, sig, b"x", ecdsa.signature_algorithm["algorithm"].dotted)
    assert not verify_with_public_key_info(ecdsa.public_key_info, sig, b"x", "1.2.3.4")
