"""A seal's PAdES credentials (its versions' ECDSA certificates, ``seals.pades``) follow the seal's lifecycle the way
its SM2 certificates do: 注销 revokes them in the platform CA (the ecdsa CRL, the same instant and reason as the SM2
one); 停用/启用, 续期 and 变更 leave them as they leave the SM2 certificates (not revoked). A PAdES document signed
before the cancellation keeps its answer, as a GM one does (test_s1_port_and_material)."""

from __future__ import annotations

import io
import time
from datetime import UTC, datetime, timedelta

import pytest
from asn1crypto import x509
from sqlalchemy import select

from eseal.engine.pdf import (
    CertificateRevoked,
    Indication,
    SealState,
    SigningPolicy,
    StampRequest,
    SubIndication,
    TimeSource,
    seal_document,
    sign_pades,
    verify_pdf,
)
from eseal.engine.pki import find_entry
from eseal.platform.seals import (
    SealPadesCredential,
    SealVersion,
    cancel,
    change,
    pades_material,
    renew,
    resume,
    seal_lifecycle,
    suspend,
)
from eseal.platform.seals.versions import read_blob
from eseal.platform.verification.trust import platform_trust

pytestmark = pytest.mark.db


def _pdf() -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.drawString(72, 760, "Contract for the PAdES lifecycle test")
    c.showPage()
    c.save()
    return buf.getvalue()


def _policy(services):
    return SigningPolicy(profile="pades", request=StampRequest.from_mm(mode="single", page=1, x_mm=120, y_mm=200),
                         time_source=TimeSource.CA, ca=services.ca)


def _move(services, actor_for, consent, who, fn, action, sid, **kw):
    cid = consent(who, action, sid)
    with services.session() as db:
        fn(db, services, actor=actor_for(db, who), seal_id=sid, challenge_id=cid, **kw)


def _pades(services, actor_for, who, sid):
    """pades_material in its own unit of work (the first call makes and commits the version's credential)."""
    with services.session() as db:
        return pades_material(db, services, actor=actor_for(db, who), seal_id=sid)


def _certs(services, sid):
    """[(version, SM2 certificate, ECDSA certificate or None)] of the seal, oldest first."""
    with services.session() as db:
        versions = db.scalars(select(SealVersion).where(SealVersion.seal_id == sid)
                              .order_by(SealVersion.version)).all()
        out = []
        for v in versions:
            cred = db.get(SealPadesCredential, v.id)
            out.append((v.version, x509.Certificate.load(read_blob(services, v.cert_sha256)),
                        x509.Certificate.load(read_blob(services, cred.cert_sha256)) if cred else None))
    return out


def _revoked(services, sid):
    """{(version, family): revocation or None} for every certificate of the seal."""
    ca = services.ca
    out = {}
    for number, sm2, ecdsa in _certs(services, sid):
        out[(number, "sm2")] = ca.revocation_of(sm2)
        if ecdsa is not None:
            out[(number, "ecdsa")] = ca.revocation_of(ecdsa)
    return out


def test_cancel_revokes_the_pades_certificate_as_the_sm2_one(services, accounts, issue, consent, actor_for):
    real_now = datetime.now(UTC).replace(microsecond=0)
    services.clock.set(real_now - timedelta(hours=2))  # the platform CA and the seal cover the real signing time
    (sid,) = issue("personal_square", who="person")
    me = accounts["person"]
    material = _pades(services, actor_for, me, sid)
    assert material.family == "ecdsa"
    signed = seal_document(_pdf(), material, _policy(services)).pdf
    services.clock.set(real_now + timedelta(minutes=30))
    time.sleep(1.1)  # the CA takes the wall clock for a revocation (whole seconds): after the signing second
    _move(services, actor_for, consent, me, cancel, "seal.revoke", sid)

    ((_, sm2, ecdsa),) = _certs(services, sid)
    assert ecdsa is not None and ecdsa.dump() == material.cert_der
    ca = services.ca
    r_sm2, r_ecdsa = ca.revocation_of(sm2), ca.revocation_of(ecdsa)
    assert r_sm2 is not None and r_ecdsa is not None
    assert (r_ecdsa.family, r_ecdsa.serial) == ("ecdsa", ecdsa.serial_number)
    assert (r_ecdsa.revoked_at, r_ecdsa.reason) == (r_sm2.revoked_at, r_sm2.reason)
    # the published CRLs: the ECDSA serial on the ecdsa CA's, with the SM2 entry's date and reason
    e_sm2 = find_entry(ca.crl_object("sm2"), sm2.serial_number)
    e_ecdsa = find_entry(ca.crl_object("ecdsa"), ecdsa.serial_number)
    assert e_sm2 is not None and e_ecdsa is not None
    assert (e_ecdsa.revoked_at, e_ecdsa.reason) == (e_sm2.revoked_at, e_sm2.reason)

    # signed with PAdES before the cancellation: keeps its answer (active at signing time, the time-stamp proves
    # the signing before the revocation), as a GM signature does
    trust = platform_trust(services)
    with services.session() as db:
        report = verify_pdf(signed, trust=trust, lifecycle=seal_lifecycle(db))
    (sig,) = report.signatures
    assert sig.profile == "pades"
    assert sig.lifecycle.state is SealState.ACTIVE and sig.indication is Indication.TOTAL_PASSED, sig.message
    (sig,) = verify_pdf(signed, trust=trust).signatures  # a verifier with the CRLs only: the same
    assert sig.indication is Indication.TOTAL_PASSED, sig.message

    # the engine with the platform CA now refuses the ECDSA certificate, as it refuses the SM2 one
    with pytest.raises(CertificateRevoked):
        seal_document(_pdf(), material, _policy(services))
    # signed past the refusals with the engine directly: a verifier with the CRLs only (no lifecycle port) sees
    # the ECDSA certificate revoked
    late = sign_pades(_pdf(), signer=material.signer, cert=material.cert_der, chain=ca.chain_for(ecdsa)[1:],
                      seal_der=material.seal_der, appearance=material.appearance, timestamper=services.tsa("ecdsa"))
    (sig,) = verify_pdf(late, trust=platform_trust(services)).signatures
    assert (sig.indication, sig.sub_indication) == (Indication.TOTAL_FAILED, SubIndication.REVOKED), sig.message


def test_other_moves_treat_the_pades_certificates_as_the_sm2_ones(services, accounts, issue, consent, actor_for):
    """停用/启用, 续期 (new key + certificate) and 变更 (same SM2 certificate) revoke nothing, SM2 or ECDSA; 注销 then
    revokes every version's certificates, SM2 and ECDSA, at one instant with one reason."""
    real_now = datetime.now(UTC).replace(microsecond=0)
    services.clock.set(real_now - timedelta(days=358))  # valid to real_now + 7 days: renewable now
    (sid,) = issue("personal_square", who="person", font="song")
    me = accounts["person"]
    _pades(services, actor_for, me, sid)
    _move(services, actor_for, consent, me, suspend, "seal.suspend", sid)
    assert set(_revoked(services, sid).values()) == {None}
    _move(services, actor_for, consent, me, resume, "seal.resume", sid)
    services.clock.set(real_now - timedelta(hours=2))
    _move(services, actor_for, consent, me, renew, "seal.renew", sid)
    _pades(services, actor_for, me, sid)
    _move(services, actor_for, consent, me, change, "seal.change", sid, font="kai")
    _pades(services, actor_for, me, sid)
    revoked = _revoked(services, sid)
    assert sorted(revoked) == [(1, "ecdsa"), (1, "sm2"), (2, "ecdsa"), (2, "sm2"), (3, "ecdsa"), (3, "sm2")]
    assert set(revoked.values()) == {None}

    services.clock.set(real_now + timedelta(minutes=30))
    _move(services, actor_for, consent, me, cancel, "seal.revoke", sid)
    revoked = _revoked(services, sid)
    assert None not in revoked.values(), revoked
    assert len({(r.revoked_at, r.reason) for r in revoked.values()}) == 1
    ca = services.ca
    for number, sm2, ecdsa in _certs(services, sid):
        assert find_entry(ca.crl_object("sm2"), sm2.serial_number) is not None, number
        assert ecdsa is not None and find_entry(ca.crl_object("ecdsa"), ecdsa.serial_number) is not None, number


def test_a_cancel_during_the_first_pades_signing_leaves_no_certificate_unrevoked(services, accounts, issue, consent,
                                                                                  actor_for, monkeypatch):
    """注销 committed while a first PAdES signing makes the version's credential (after the signing read the seal
    as enabled, before its row): the signing is refused and keeps no credential, so no ECDSA certificate of the
    cancelled seal stays unrevoked (before: the row was committed with a certificate the cancellation never saw).
    The signing's transaction begins DEFERRED on SQLite, as the signing routes' do."""
    from eseal.engine.pki import KeyStore
    from eseal.platform.core import PlatformError, deferred_bind

    real_now = datetime.now(UTC).replace(microsecond=0)
    services.clock.set(real_now - timedelta(hours=2))
    (sid,) = issue("personal_square", who="person")
    me = accounts["person"]
    cid = consent(me, "seal.revoke", sid)
    generate = KeyStore.generate
    cancelled = []

    def generate_then_cancel(self, key_id, algorithm):
        signer = generate(self, key_id, algorithm)
        if not cancelled:
            time.sleep(1.1)  # the CA takes the wall clock for a revocation (whole seconds)
            with services.session() as other:
                cancel(other, services, actor=actor_for(other, me), seal_id=sid, challenge_id=cid)
            cancelled.append(sid)
        return signer

    monkeypatch.setattr(KeyStore, "generate", generate_then_cancel)
    db = services.sessionmaker(bind=deferred_bind(services.engine))
    try:
        with pytest.raises(PlatformError) as refused:
            pades_material(db, services, actor=actor_for(db, me), seal_id=sid)
        db.commit()  # as a route commits on a business error
    finally:
        db.close()
    assert cancelled == [sid] and refused.value.code == "seal.cancelled"
    ((_, _sm2, ecdsa),) = _certs(services, sid)
    assert ecdsa is None  # no credential kept
    assert all(r is not None for r in _revoked(services, sid).values())
    assert not [k for k in services.keystore.ids() if f"seal-{sid}-" in k and "-pades-" in k]  # nor its key


def test_concurrent_first_pades_signings_keep_one_credential_and_one_key(services, accounts, issue, actor_for,
                                                                          monkeypatch):
    """Two first PAdES signings of one version at once, both past the "no credential yet" check (both make a
    key): the second to insert uses the first's credential (the row's primary key decides) and its own new key is
    deleted, not left in the keystore."""
    import threading

    from eseal.engine.pki import KeyStore
    from eseal.platform.core import deferred_bind

    generate = KeyStore.generate
    both_made_one = threading.Barrier(2, timeout=60)

    def generate_in_step(self, key_id, algorithm):
        signer = generate(self, key_id, algorithm)
        both_made_one.wait()  # neither inserts its row before the other has checked for one
        return signer

    services.clock.set(datetime.now(UTC).replace(microsecond=0) - timedelta(hours=2))
    (sid,) = issue("personal_square", who="person")
    monkeypatch.setattr(KeyStore, "generate", generate_in_step)  # (after the seal's own key)
    me = accounts["person"]
    barrier = threading.Barrier(2)
    found = []
    errors = []

    def first_signing() -> None:
        db = services.sessionmaker(bind=deferred_bind(services.engine))
        try:
            seal_versions = db.scalars(select(SealVersion).where(SealVersion.seal_id == sid)).all()
            assert seal_versions
            barrier.wait()
            material = pades_material(db, services, actor=actor_for(db, me), seal_id=sid)
            db.commit()
            found.append(material.cert_der)
        except Exception as exc:
            errors.append(exc)
        finally:
            db.close()

    threads = [threading.Thread(target=first_signing) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not errors, errors
    ((_, _sm2, ecdsa),) = _certs(services, sid)
    assert ecdsa is not None and found == [ecdsa.dump()] * 2
    keys = [k for k in services.keystore.ids() if f"seal-{sid}-" in k and "-pades-" in k]
    with services.session() as db:
        (cred,) = db.scalars(select(SealPadesCredential)).all()
    assert keys == [cred.key_id]
