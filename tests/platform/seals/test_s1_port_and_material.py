"""The engine's seal-lifecycle port on the platform rows, with verify_pdf on PDFs signed with platform seals, and
signing_material refusing every seal that is not enabled-and-valid (one test per state)."""

from __future__ import annotations

import io
import time
from datetime import UTC, datetime, timedelta

import pytest

from eseal.engine.pdf import (
    Indication,
    SealState,
    SigningPolicy,
    StampRequest,
    TimeSource,
    TrustStore,
    seal_document,
    sign_gm,
    verify_pdf,
)
from eseal.platform.core import NotFound, PlatformError
from eseal.platform.seals import Seal, cancel, seal_lifecycle, signing_material, suspend
from eseal.platform.seals.changes import current_version
from eseal.platform.seals.material import material_of

pytestmark = pytest.mark.db


def _pdf() -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.drawString(72, 760, "Contract for the S1 lifecycle port test")
    c.showPage()
    c.save()
    return buf.getvalue()


def _policy(services):
    return SigningPolicy(profile="gm", request=StampRequest.from_mm(mode="single", page=1, x_mm=120, y_mm=200),
                         time_source=TimeSource.CA, ca=services.ca)


def _verify(services, pdf):
    ca = services.ca
    trust = TrustStore(anchors=ca.trust_roots("sm2"), intermediates=ca.intermediates("sm2"), crls=ca.crls("sm2"))
    with services.session() as db:
        report = verify_pdf(pdf, trust=trust, lifecycle=seal_lifecycle(db))
    (sig,) = report.signatures
    return sig


def _move(services, actor_for, consent, who, fn, action, sid):
    cid = consent(who, action, sid)
    with services.session() as db:
        fn(db, services, actor=actor_for(db, who), seal_id=sid, challenge_id=cid)


def _material(services, actor_for, who, sid):
    with services.session() as db:
        return signing_material(db, services, actor=actor_for(db, who), seal_id=sid)


def test_verify_pdf_reports_the_state_at_signing_time(services, accounts, issue, consent, actor_for):
    real_now = datetime.now(UTC).replace(microsecond=0)
    services.clock.set(real_now - timedelta(hours=2))  # the platform CA and the seals cover the real signing time
    a, b = issue("personal_square", "personal_handdrawn", who="person")
    me = accounts["person"]
    # A: signed while enabled, suspended afterwards → active at signing time
    signed_a = seal_document(_pdf(), _material(services, actor_for, me, a), _policy(services)).pdf
    services.clock.set(real_now + timedelta(minutes=5))
    _move(services, actor_for, consent, me, suspend, "seal.suspend", a)
    sig = _verify(services, signed_a)
    assert sig.lifecycle.state is SealState.ACTIVE and sig.indication is Indication.TOTAL_PASSED, sig.message
    # B: suspended before signing (signed past the platform's refusal, with the engine directly) → suspended
    services.clock.set(real_now - timedelta(hours=1))
    _move(services, actor_for, consent, me, suspend, "seal.suspend", b)
    with pytest.raises(PlatformError) as info:
        _material(services, actor_for, me, b)
    assert info.value.code == "seal.suspended"
    with services.session() as db:
        seal = db.get(Seal, b)
        material = material_of(services, seal, current_version(db, seal))
    signed_b = seal_document(_pdf(), material, _policy(services)).pdf
    sig = _verify(services, signed_b)
    assert sig.lifecycle.state is SealState.SUSPENDED and sig.indication is Indication.TOTAL_FAILED
    assert "停用" in sig.lifecycle.reason
    # C (another person's): cancelled before signing → revoked (CRL and lifecycle)
    (c,) = issue("personal_square", who="other")
    other = accounts["other"]
    _move(services, actor_for, consent, other, cancel, "seal.revoke", c)
    with services.session() as db:
        seal = db.get(Seal, c)
        material = material_of(services, seal, current_version(db, seal))
    signed_c = sign_gm(_pdf(), seal_der=material.seal_der, signer=material.signer, signer_cert_der=material.cert_der,
                       request=StampRequest(mode="single"), timestamper=services.tsa("sm2"))
    sig = _verify(services, signed_c)
    assert sig.lifecycle.state is SealState.REVOKED and sig.indication is Indication.TOTAL_FAILED
    # A cancelled after it signed: its signature keeps its answer (active at signing time)
    services.clock.set(real_now + timedelta(minutes=30))
    time.sleep(1.1)  # the CA takes the wall clock for a revocation (whole seconds): after the signing second
    _move(services, actor_for, consent, me, cancel, "seal.revoke", a)
    sig = _verify(services, signed_a)
    assert sig.lifecycle.state is SealState.ACTIVE and sig.indication is Indication.TOTAL_PASSED, sig.message


def test_port_unknown_seal_and_before_issue(services, accounts, issue):
    (sid,) = issue("contract")
    with services.session() as db:
        port = seal_lifecycle(db)
        seal = db.get(Seal, sid)
        assert port.seal_status_at("35010004000000427", services.clock.now()).state is SealState.UNKNOWN
        assert port.seal_status_at(seal.es_id, seal.created_at - timedelta(seconds=1)).state is SealState.UNKNOWN
        assert port.seal_status_at(seal.es_id, seal.created_at).state is SealState.ACTIVE
        assert port.seal_status_at(seal.es_id, seal.valid_to + timedelta(days=1)).state is SealState.EXPIRED


def test_signing_material_for_each_state(services, accounts, issue, consent, actor_for):
    (enabled,) = issue("personal_square", who="person")
    me = accounts["person"]
    material = _material(services, actor_for, me, enabled)
    assert material.family == "sm2" and material.seal_der[:1] == b"\x30"
    assert material.signer.public_key_info.dump()  # the key from the keystore
    (suspended_,) = issue("personal_handdrawn", who="person")
    _move(services, actor_for, consent, me, suspend, "seal.suspend", suspended_)
    (other,) = issue("personal_square", who="other")
    _move(services, actor_for, consent, accounts["other"], cancel, "seal.revoke", other)
    cases = {suspended_: (me, "seal.suspended")}
    cases[other] = (accounts["other"], "seal.cancelled")
    for sid, (who, code) in cases.items():
        with pytest.raises(PlatformError) as info:
            _material(services, actor_for, who, sid)
        assert info.value.code == code
    with pytest.raises(NotFound):
        _material(services, actor_for, me, other)  # another account's seal
    with services.session() as db:
        seal = db.get(Seal, enabled)
        valid_from, valid_to = seal.valid_from, seal.valid_to
    for when, code in ((valid_from - timedelta(seconds=1), "seal.not_yet_valid"), (valid_to, "seal.expired")):
        services.clock.set(when)
        with pytest.raises(PlatformError) as info:
            _material(services, actor_for, me, enabled)
        assert info.value.code == code
