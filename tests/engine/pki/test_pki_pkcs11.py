"""PKCS#11 (SoftHSM2): ECDSA P-256 keys in a token behind the Signer interface."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from pki_helpers import CREDIT_CODE

from eseal.engine.pki.errors import PKCS11Error
from eseal.engine.pki.pkcs11 import PKCS11Token
from eseal.engine.pki.signer import Signer, verify_with_public_key_info
from eseal.engine.pki.tsa import TimeStampAuthority, verify_token

SOFTHSM = "/usr/lib/softhsm/libsofthsm2.so"
LABEL, PIN, SO_PIN = "eseal-test", "246810", "13579111"


@pytest.fixture(scope="module")
def token(tmp_path_factory: pytest.TempPathFactory):
    if not Path(SOFTHSM).exists():
        pytest.fail("SoftHSM2 is a declared system dependency (scripts/system-deps.txt) but is missing")
    base = tmp_path_factory.mktemp("softhsm")
    (base / "tokens").mkdir()
    conf = base / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {base / 'tokens'}\nobjectstore.backend = file\nlog.level = ERROR\n")
    mp = pytest.MonkeyPatch()
    mp.setenv("SOFTHSM2_CONF", str(conf))  # read by SoftHSM2 at C_Initialize (first load in this process)
    subprocess.run(["softhsm2-util", "--init-token", "--free", "--label", LABEL, "--pin", PIN, "--so-pin", SO_PIN],
                   check=True, capture_output=True, env=os.environ.copy(), timeout=60)
    tok = PKCS11Token(SOFTHSM, LABEL, PIN)
    yield tok
    tok.close()
    mp.undo()


def test_sign_in_hsm_verify_with_cryptography(token):
    signer = token.generate_ec_key("seal-ecdsa-1")
    assert isinstance(signer, Signer) and signer.algorithm == "ecdsa-p256"
    data = "待签名的文档摘要".encode()
    sig = signer.sign(data)
    pub = serialization.load_der_public_key(signer.public_key_info.dump())
    assert isinstance(pub, ec.EllipticCurvePublicKey) and isinstance(pub.curve, ec.SECP256R1)
    pub.verify(sig, data, ec.ECDSA(hashes.SHA256()))  # raises if wrong; DER signature
    assert verify_with_public_key_info(signer.public_key_info, sig, data, "1.2.840.10045.4.3.2")
    assert not verify_with_public_key_info(signer.public_key_info, sig, data + b"x", "1.2.840.10045.4.3.2")
    again = token.signer("seal-ecdsa-1")
    assert again.public_key_info.dump() == signer.public_key_info.dump()


def test_hsm_key_is_not_extractable(token):
    from pkcs11 import Attribute, KeyType, ObjectClass

    token.generate_ec_key("seal-ecdsa-2")
    priv = token.session.get_key(object_class=ObjectClass.PRIVATE_KEY, key_type=KeyType.EC, label="seal-ecdsa-2")
    assert priv[Attribute.SENSITIVE] is True and priv[Attribute.EXTRACTABLE] is False


def test_ca_issues_certificate_for_hsm_key(token, ca):
    signer = token.generate_ec_key("seal-ecdsa-3")
    cert = ca.issue_enterprise("ecdsa", "硬件密钥测试有限公司", CREDIT_CODE, signer.public_key_info, 90)
    assert cert.public_key.dump() == signer.public_key_info.dump()
    assert ca.validate(cert, key_usage={"non_repudiation"}).ok


def test_hsm_key_as_tsa(token, ca):
    """Same Signer interface everywhere: a TSA whose key lives in the token."""
    from eseal.engine.pki import certs

    signer = token.generate_ec_key("tsa-ecdsa")
    issuing = ca.certificate("ecdsa", "issuing")
    tsa_cert = certs.build_certificate(
        subject=certs.build_name([("C", "CN"), ("CN", "HSM TSA")]), subject_public_key_info=signer.public_key_info,
        issuer_signer=ca.signer("ecdsa", "issuing"), issuer_name=issuing.subject,
        issuer_public_key_info=issuing.public_key, not_before=certs.utcnow(),
        not_after=certs.utcnow().replace(year=certs.utcnow().year + 1), extensions=certs.tsa_extensions())
    token_der = TimeStampAuthority(signer, tsa_cert, [issuing]).stamp_data(b"doc", "sha256")
    info = verify_token(token_der, data=b"doc", trust_roots=ca.trust_roots("ecdsa"), crls=ca.crls("ecdsa"))
    assert info.tsa_certificate.dump() == tsa_cert.dump()


def test_errors_are_clear(token):
    with pytest.raises(PKCS11Error, match="NoSuchKey"):
        token.signer("no-such-key")
    # PKCS#11 login state is per process: check the wrong PIN in a fresh process
    code = ("import sys\nfrom eseal.engine.pki.pkcs11 import PKCS11Token\nfrom eseal.engine.pki.errors import PKCS11Error\n"
            f"try:\n    PKCS11Token({SOFTHSM!r}, {LABEL!r}, '000000')\nexcept PKCS11Error as e:\n    print(e)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert "wrong PIN" in out.stdout, out.stdout + out.stderr
    mine = token.generate_ec_key("seal-ecdsa-err")
    second = PKCS11Token(SOFTHSM, LABEL, PIN)  # same process, already logged in: shares the login
    assert second.signer("seal-ecdsa-err").public_key_info.dump() == mine.public_key_info.dump()
    second.close()
    with pytest.raises(PKCS11Error, match="NoSuchToken"):
        PKCS11Token(SOFTHSM, "absent-token", PIN)
    with pytest.raises(PKCS11Error, match="not found"):
        PKCS11Token("/nonexistent/libpkcs11.so", LABEL, PIN)
