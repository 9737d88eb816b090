"""LocalCA: directory layout, certificate profiles, identities, revocation bookkeeping, openssl interop."""

from __future__ import annotations

import datetime as dt
import json
import stat
import subprocess

import pytest
from asn1crypto import x509
from pki_helpers import CREDIT_CODE, ID_NUMBER, KEY_ALGO, NOW, issue

from eseal.engine.pki import MasterKey, certs
from eseal.engine.pki.ca import LocalCA
from eseal.engine.pki.crl import crl_entries, crl_to_pem, load_crl
from eseal.engine.pki.errors import CAError, CertificateBuildError, IdentifierError, KeystoreError
from eseal.engine.pki.identity import (
    credit_code_of,
    mask_id_number,
    normalize_credit_code,
    normalize_id_number,
)
from eseal.engine.pki.signer import generate_signer

DISTID = "distid:1234567812345678"


def _openssl(*args: str, input: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(["openssl", *args], capture_output=True, input=input, timeout=30)


def test_layout_and_key_protection(ca):
    d = ca.directory
    assert stat.S_IMODE((d / "master.key").stat().st_mode) == 0o600
    for fam in ("sm2", "ecdsa"):
        for f in ("root.pem", "issuing.pem", "chain.pem", "tsa.pem", "issuing.crl", "root.crl"):
            assert (d / fam / f).is_file(), f"{fam}/{f}"
    assert (d / "sm2" / "maker.pem").is_file()
    key_files = sorted(p.name for p in (d / "keys").iterdir())
    assert key_files == sorted(f"{k}.key.json" for k in (
        "sm2-root", "sm2-issuing", "sm2-maker", "sm2-tsa", "ecdsa-root", "ecdsa-issuing", "ecdsa-tsa",
        "person-id-pepper"))
    for p in (d / "keys").iterdir():
        assert stat.S_IMODE(p.stat().st_mode) == 0o600
        assert b"PRIVATE KEY" not in p.read_bytes()
    assert json.loads((d / "ca.json").read_text())["format"] == "eseal-local-ca"
    # empty CRLs exist for both issuing CAs
    for fam in ("sm2", "ecdsa"):
        assert load_crl((d / fam / "issuing.crl").read_bytes()).issuer == ca.certificate(fam, "issuing").subject


def test_init_refuses_non_empty_dir_and_open_checks_master_key(ca, tmp_path):
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "file").write_text("hi")
    with pytest.raises(CAError, match="not empty"):
        LocalCA.init(tmp_path / "x")
    with pytest.raises(CAError, match="not an eseal CA directory"):
        LocalCA.open(tmp_path / "x")
    with pytest.raises(CAError, match="does not belong"):
        LocalCA.open(ca.directory, master_key=MasterKey.generate())


def test_external_master_key(tmp_path):
    secret = b"k" * 32
    LocalCA.init(tmp_path / "ca", master_key=secret)
    assert not (tmp_path / "ca" / "master.key").exists()
    with pytest.raises(KeystoreError):
        LocalCA.open(tmp_path / "ca")  # no master.key file
    reopened = LocalCA.open(tmp_path / "ca", master_key=secret)
    assert reopened.maker_signer().algorithm == "sm2"


def test_profiles(ca, family):
    root, issuing, tsa = (ca.certificate(family, r) for r in ("root", "issuing", "tsa"))
    assert root.ca and root.self_signed in ("yes", "maybe")
    assert issuing.ca and issuing.max_path_length == 0
    assert issuing.key_usage_value.native == {"key_cert_sign", "crl_sign"}
    assert "key_usage" in issuing.critical_extensions
    assert [p.dotted for p in tsa.extended_key_usage_value] == ["1.3.6.1.5.5.7.3.8"]
    assert "extended_key_usage" in tsa.critical_extensions
    sig_oid = {"sm2": "1.2.156.10197.1.501", "ecdsa": "1.2.840.10045.4.3.2"}[family]
    for c in (root, issuing, tsa):
        assert c["signature_algorithm"]["algorithm"].dotted == sig_oid
    _, ee = issue(ca, family)
    assert ee.key_usage_value.native == {"digital_signature", "non_repudiation"}
    assert not ee.ca
    assert ee.authority_key_identifier == issuing.key_identifier
    assert ca.chain_for(ee) == [ee, issuing, root]


def test_maker_certificate_is_sm2(ca):
    maker = ca.maker_cert
    assert maker.public_key["algorithm"]["parameters"].chosen.dotted == "1.2.156.10197.1.301"
    assert ca.maker_signer().public_key_info.dump() == maker.public_key.dump()
    assert ca.validate(maker, key_usage={"digital_signature"}).ok


def test_enterprise_subject_carries_credit_code(ca, family):
    _, cert = issue(ca, family, name="北京星河数智科技有限公司")
    assert certs.name_attribute(cert.subject, "organization_name") == "北京星河数智科技有限公司"
    assert certs.name_attribute(cert.subject, "common_name") == "北京星河数智科技有限公司"
    assert certs.name_attribute(cert.subject, "organization_identifier") == "NTRCN-" + CREDIT_CODE
    assert credit_code_of(cert) == CREDIT_CODE


def test_person_subject_never_contains_id_number(ca, family):
    signer = generate_signer(KEY_ALGO[family])
    cert = ca.issue_person(family, "张三", ID_NUMBER.lower(), signer.public_key_info, 30)
    der = cert.dump()
    assert ID_NUMBER.encode() not in der and ID_NUMBER[:17].encode() not in der
    serial_attr = certs.name_attribute(cert.subject, "serial_number")
    assert serial_attr.startswith("IDH-") and len(serial_attr) == 36
    assert ca.person_matches(cert, ID_NUMBER)
    assert not ca.person_matches(cert, "440524188001010014")
    assert mask_id_number(ID_NUMBER) == "110*************2X"


def test_identifier_validation():
    assert normalize_credit_code(" 91440300708461136t ") == "91440300708461136T"
    for bad, msg in [("92141100XYWDG8M3BB", "check character"), ("9135010", "18 characters"),
                     ("91350100M000100YI3", "not allowed"), ("00990000MA0000000L", "registration authority")]:
        with pytest.raises(IdentifierError, match=msg):
            normalize_credit_code(bad)
    assert normalize_id_number("440524188001010014") == "440524188001010014"
    for bad, msg in [("110105194912310021", "check character"), ("110105194913310025", "birth date"),
                     ("11010519491231002", "18 characters"), ("990105194912310028", "province prefix")]:
        with pytest.raises(IdentifierError, match=msg):
            normalize_id_number(bad)


def test_issue_rejects_bad_requests(ca):
    sm2 = generate_signer("sm2")
    with pytest.raises(CertificateBuildError, match="cannot be certified by the ecdsa CA"):
        ca.issue_enterprise("ecdsa", "公司", CREDIT_CODE, sm2.public_key_info, 30)
    with pytest.raises(IdentifierError):
        ca.issue_enterprise("sm2", "公司", "91350100M000100Y44", sm2.public_key_info, 30)
    with pytest.raises(CertificateBuildError, match="ends after the issuing CA"):
        ca.issue_enterprise("sm2", "公司", CREDIT_CODE, sm2.public_key_info, 20 * 365)
    with pytest.raises(CertificateBuildError, match="SubjectPublicKeyInfo"):
        ca.issue_enterprise("sm2", "公司", CREDIT_CODE, b"junk", 30)
    with pytest.raises(CAError, match="unknown algorithm family"):
        ca.issue_enterprise("rsa", "公司", CREDIT_CODE, sm2.public_key_info, 30)
    with pytest.raises(CertificateBuildError, match="empty"):
        ca.issue_person("sm2", " ", ID_NUMBER, sm2.public_key_info, 30)
    # DER public keys are accepted too
    cert = ca.issue_enterprise("sm2", "公司", CREDIT_CODE, sm2.public_key_info.dump(), 30)
    assert cert.public_key.dump() == sm2.public_key_info.dump()
    assert (ca.directory / "issued" / "sm2" / f"{cert.serial_number:x}.pem").is_file()


def test_revoke_bookkeeping(fresh_ca, other_ca):
    _, cert = issue(fresh_ca, "sm2")
    when = NOW - dt.timedelta(days=3)
    rev = fresh_ca.revoke(cert, "keyCompromise", when)
    assert (rev.serial, rev.reason, rev.revoked_at) == (cert.serial_number, "key_compromise", when)
    assert fresh_ca.revocation_of(cert) == rev
    entries = crl_entries(load_crl(fresh_ca.crl("sm2")))
    assert [(e.serial, e.revoked_at, e.reason) for e in entries] == [(cert.serial_number, when, "key_compromise")]
    with pytest.raises(CAError, match="already revoked"):
        fresh_ca.revoke(cert)
    with pytest.raises(CAError, match="in the future"):
        fresh_ca.revoke(issue(fresh_ca, "sm2")[1], when=NOW + dt.timedelta(days=1))
    with pytest.raises(CAError, match="not issued by this CA"):  # same names, other keys (AKI differs)
        fresh_ca.revoke(issue(other_ca, "sm2")[1])
    with pytest.raises(CAError, match="root certificate cannot be revoked"):
        fresh_ca.revoke(fresh_ca.certificate("sm2", "root"))
    # CRL numbers increase
    n1 = load_crl(fresh_ca.crl("ecdsa"))["tbs_cert_list"]["crl_extensions"][0]["extn_value"].native
    fresh_ca.revoke(issue(fresh_ca, "ecdsa")[1], "superseded")
    n2 = load_crl(fresh_ca.crl("ecdsa"))["tbs_cert_list"]["crl_extensions"][0]["extn_value"].native
    assert n2 == n1 + 1


def test_stale_crl_is_republished(ca):
    # the session CA was created 400 days ago: its init-time CRLs expired long ago
    c = load_crl(ca.crl("ecdsa"))
    assert c["tbs_cert_list"]["next_update"].native > NOW + dt.timedelta(days=6)


# ------------------------------------------------------------------------------------------------ openssl


def _write(tmp_path, name: str, cert: x509.Certificate) -> str:
    p = tmp_path / name
    p.write_bytes(certs.to_pem(cert))
    return str(p)


def test_openssl_parses_certificates(ca, family, tmp_path):
    _, ee = issue(ca, family, name="Interop Co")
    out = _openssl("x509", "-noout", "-text", "-in", _write(tmp_path, "ee.pem", ee))
    assert out.returncode == 0, out.stderr
    text = out.stdout.decode()
    assert "organizationIdentifier = NTRCN-" + CREDIT_CODE in text
    assert "Digital Signature, Non Repudiation" in text
    assert ("SM2-with-SM3" if family == "sm2" else "ecdsa-with-SHA256") in text
    tsa_text = _openssl("x509", "-noout", "-text", "-in", str(ca.directory / family / "tsa.pem")).stdout.decode()
    assert "X509v3 Extended Key Usage: critical" in tsa_text and "Time Stamping" in tsa_text


def test_openssl_verify_ecdsa_chain_with_crls(ca, tmp_path):
    d = ca.directory / "ecdsa"
    _, good = issue(ca, "ecdsa")
    _, bad = issue(ca, "ecdsa")
    ca_copy_crls = []
    ca.revoke(bad, "keyCompromise")
    for i, c in enumerate(ca.crls("ecdsa")):
        p = tmp_path / f"crl{i}.pem"
        p.write_bytes(crl_to_pem(c))
        ca_copy_crls += ["-CRLfile", str(p)]
    base = ["verify", "-crl_check_all", "-CAfile", str(d / "root.pem"), "-untrusted", str(d / "issuing.pem"),
            *ca_copy_crls]
    ok = _openssl(*base, _write(tmp_path, "good.pem", good))
    assert ok.returncode == 0 and b": OK" in ok.stdout, ok.stdout + ok.stderr
    revoked = _openssl(*base, _write(tmp_path, "bad.pem", bad))
    assert revoked.returncode != 0 and b"certificate revoked" in revoked.stdout + revoked.stderr
    tsa = _openssl("verify", "-purpose", "timestampsign", "-CAfile", str(d / "root.pem"), "-untrusted",
                   str(d / "issuing.pem"), str(d / "tsa.pem"))
    assert tsa.returncode == 0, tsa.stdout + tsa.stderr


def test_openssl_verify_sm2_links_with_distid(ca, tmp_path):
    """OpenSSL 3.0 applies ``-vfyopt distid`` to the target certificate only, so an SM2 chain is verified
    link by link: root->issuing with the root as anchor, issuing->leaf with ``-partial_chain``."""
    d = ca.directory / "sm2"
    _, ee = issue(ca, "sm2")
    ee_path = _write(tmp_path, "ee.pem", ee)
    root_self = _openssl("verify", "-vfyopt", DISTID, "-CAfile", str(d / "root.pem"), str(d / "root.pem"))
    assert root_self.returncode == 0, root_self.stdout + root_self.stderr
    link1 = _openssl("verify", "-vfyopt", DISTID, "-CAfile", str(d / "root.pem"), str(d / "issuing.pem"))
    assert link1.returncode == 0, link1.stdout + link1.stderr
    link2 = _openssl("verify", "-vfyopt", DISTID, "-partial_chain", "-CAfile", str(d / "issuing.pem"),
                     ee_path, str(d / "tsa.pem"), str(d / "maker.pem"))
    assert link2.returncode == 0 and link2.stdout.count(b": OK") == 3, link2.stdout + link2.stderr
    # without the ID the signature is rejected (proves the SM2 Z value is really in use)
    no_id = _openssl("verify", "-partial_chain", "-CAfile", str(d / "issuing.pem"), ee_path)
    assert no_id.returncode != 0
    # a certificate from another CA with the same names does not verify
    wrong = _openssl("verify", "-vfyopt", DISTID, "-partial_chain", "-CAfile",
                     str(ca.directory / "ecdsa" / "issuing.pem"), ee_path)
    assert wrong.returncode != 0


def test_openssl_verifies_sm2_crl_signature_with_distid(ca, tmp_path):
    """``openssl crl -verify`` has no distid option in 3.0: check the CRL signature with ``openssl dgst``."""
    c = load_crl(ca.crl("sm2"))
    (tmp_path / "tbs.der").write_bytes(c["tbs_cert_list"].dump())
    (tmp_path / "sig.der").write_bytes(c["signature"].native)
    (tmp_path / "pub.pem").write_bytes(_openssl("x509", "-noout", "-pubkey", "-in",
                                                str(ca.directory / "sm2" / "issuing.pem")).stdout)
    args = ["dgst", "-sm3", "-verify", str(tmp_path / "pub.pem"), "-signature", str(tmp_path / "sig.der")]
    ok = _openssl(*args, "-sigopt", DISTID, str(tmp_path / "tbs.der"))
    assert ok.returncode == 0 and b"Verified OK" in ok.stdout, ok.stdout + ok.stderr
    text = _openssl("crl", "-inform", "DER", "-noout", "-text", input=c.dump()).stdout.decode()
    assert "SM2-with-SM3" in text and "CRL Number" in text


def test_concurrent_revocations_all_land_in_the_crl(fresh_ca):
    """Two CA handles (as two platform workers would have) revoking at once: the flock serialises them."""
    import threading

    victims = [issue(fresh_ca, "sm2")[1] for _ in range(6)]
    handles = [LocalCA.open(fresh_ca.directory) for _ in range(2)]
    errors: list[BaseException] = []

    def worker(h: LocalCA, certs_: list) -> None:
        try:
            for c in certs_:
                h.revoke(c, "superseded")
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(handles[i], victims[i::2])) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    serials = {e.serial for e in crl_entries(load_crl(fresh_ca.crl("sm2")))}
    assert serials == {c.serial_number for c in victims}


def test_failed_init_leaves_nothing_behind(tmp_path):
    with pytest.raises(CertificateBuildError, match="empty"):
        LocalCA.init(tmp_path / "ca", organization="")
    assert not (tmp_path / "ca").exists()
    (tmp_path / "empty").mkdir()
    with pytest.raises(CertificateBuildError):
        LocalCA.init(tmp_path / "empty", organization="")
    assert list((tmp_path / "empty").iterdir()) == []
    assert LocalCA.init(tmp_path / "empty").maker_cert is not None


def test_revoke_refuses_an_instant_before_not_before(fresh_ca):
    from eseal.engine.pki import RevocationTimeError

    _, cert = issue(fresh_ca, "sm2", not_before=NOW - dt.timedelta(days=1))
    with pytest.raises(RevocationTimeError, match="before the certificate's notBefore") as info:
        fresh_ca.revoke(cert, when=NOW - dt.timedelta(days=2))
    assert info.value.code == "pki.ca.revocation_time"
    assert fresh_ca.revocation_of(cert) is None
    assert fresh_ca.revoke(cert, when=NOW - dt.timedelta(hours=1)).serial == cert.serial_number


def test_a_revocation_by_another_process_is_seen_through_the_crl_cache(fresh_ca):
    """LocalCA keeps each parsed CRL while its file is unchanged: a revocation made by another LocalCA on the same
    directory (another worker process) replaces the file, and the next validate here sees it (D1 speed, no
    stale answer)."""
    _, cert = issue(fresh_ca, "sm2")
    assert fresh_ca.validate(cert).revocation_time is None
    first = fresh_ca.crls("sm2")
    assert [a.dump() for a in fresh_ca.crls("sm2")] == [b.dump() for b in first]
    assert all(a is b for a, b in zip(fresh_ca.crls("sm2"), first, strict=True))  # unchanged file: parsed once
    other_process = LocalCA.open(fresh_ca.directory)
    when = NOW - dt.timedelta(hours=1)
    other_process.revoke(cert, "keyCompromise", when)
    result = fresh_ca.validate(cert, at=NOW)
    assert result.revocation_time == when and result.revocation_reason == "key_compromise", result
    # and a file that is gone is re-published, not served from the cache
    (fresh_ca.directory / "sm2" / "issuing.crl").unlink()
    assert fresh_ca.validate(cert, at=NOW).revocation_time == when
