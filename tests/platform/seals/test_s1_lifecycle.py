"""Lifecycle services on real rows: the one table of moves, willingness for each action, history rows with
instants (state at any instant), filing records, renewal window, change, cancellation revoking in the CA's CRL."""

from __future__ import annotations

import json
from datetime import timedelta

import httpx
import pytest
from asn1crypto import x509
from sqlalchemy import select

from eseal.engine.pki import find_entry
from eseal.platform.core import NotFound, PlatformError, ProviderError
from eseal.platform.seals import (
    MOVES,
    STATES,
    CancelForms,
    HttpFilingProvider,
    Seal,
    SealEvent,
    SealFiling,
    SealVersion,
    cancel,
    change,
    install_filing_provider,
    renew,
    resume,
    state_at,
    suspend,
)
from eseal.platform.seals.lifecycle import ACTION_LABELS, next_state
from eseal.platform.seals.versions import read_blob

pytestmark = pytest.mark.db


def _run(services, actor_for, account_id, fn, seal_id, acting_as=None, **kw):
    with services.session() as db:
        return fn(db, services, actor=actor_for(db, account_id, acting_as), seal_id=seal_id, **kw).state


def _err(services, actor_for, account_id, fn, seal_id, **kw):
    with pytest.raises(PlatformError) as info:
        _run(services, actor_for, account_id, fn, seal_id, **kw)
    return info.value


def _crl_has(services, cert_der):
    cert = x509.Certificate.load(cert_der)
    return find_entry(services.ca.crl_object("sm2"), cert.serial_number) is not None


def test_the_table_allows_exactly_its_moves():
    for state in (None, *STATES):
        for action in ACTION_LABELS:
            if (state, action) in MOVES:
                assert next_state(state, action) == MOVES[(state, action)]
            else:
                with pytest.raises(PlatformError) as info:
                    next_state(state, action)
                assert info.value.code == "seal.move_not_allowed"
    assert not [a for (s, a) in MOVES if s == "cancelled"]  # terminal


def test_person_suspend_resume_cancel_history_filing_and_crl(services, accounts, issue, consent, actor_for):
    (sid,) = issue("personal_square", who="person", font="song")
    me = accounts["person"]
    t_issue = services.clock.now()
    # no challenge / a challenge for another action → refused, nothing changes
    assert _err(services, actor_for, me, suspend, sid, challenge_id=None).code == "willingness_required"
    wrong = consent(me, "seal.resume", sid)
    assert _err(services, actor_for, me, suspend, sid, challenge_id=wrong).code == "willingness_required"
    # a move the table refuses does not consume the challenge
    ok_resume = consent(me, "seal.resume", sid)
    assert _err(services, actor_for, me, resume, sid, challenge_id=ok_resume).code == "seal.move_not_allowed"
    assert _run(services, actor_for, me, suspend, sid, challenge_id=consent(me, "seal.suspend", sid)) == "suspended"
    t_suspended = services.clock.now()
    services.clock.advance(minutes=5)
    assert _run(services, actor_for, me, resume, sid, challenge_id=consent(me, "seal.resume", sid)) == "enabled"
    t_resumed = services.clock.now()
    services.clock.advance(minutes=5)
    assert _run(services, actor_for, me, cancel, sid, challenge_id=consent(me, "seal.revoke", sid)) == "cancelled"
    t_cancelled = services.clock.now()
    for fn, action in ((resume, "seal.resume"), (suspend, "seal.suspend"), (cancel, "seal.revoke")):
        assert _err(services, actor_for, me, fn, sid, challenge_id=consent(me, action, sid)).code \
            == "seal.move_not_allowed"
    with services.session() as db:
        assert state_at(db, sid, t_issue - timedelta(seconds=1)) == (None, None)
        assert state_at(db, sid, t_issue)[0] == "enabled"
        assert state_at(db, sid, t_suspended)[0] == "suspended"
        assert state_at(db, sid, t_resumed - timedelta(seconds=1))[0] == "suspended"
        assert state_at(db, sid, t_resumed)[0] == "enabled"
        assert state_at(db, sid, t_cancelled)[0] == "cancelled"
        events = db.scalars(select(SealEvent).where(SealEvent.seal_id == sid).order_by(SealEvent.id)).all()
        assert [(e.action, e.from_state, e.to_state) for e in events] == [
            ("issue", None, "enabled"), ("suspend", "enabled", "suspended"), ("resume", "suspended", "enabled"),
            ("cancel", "enabled", "cancelled")]
        assert all(e.actor_account_id == me for e in events)
        filings = db.scalars(select(SealFiling).where(SealFiling.seal_id == sid).order_by(SealFiling.id)).all()
        assert [(f.action, f.provider, f.status) for f in filings] == [
            ("suspend", "dev", "simulated"), ("resume", "dev", "simulated"), ("cancel", "dev", "simulated")]
        seal = db.get(Seal, sid)
        assert json.loads(filings[0].payload)["es_id"] == seal.es_id
        version = db.scalars(select(SealVersion).where(SealVersion.seal_id == sid)).one()
        assert _crl_has(services, read_blob(services, version.cert_sha256))


def test_other_accounts_seal_is_not_found(services, accounts, issue, consent, actor_for):
    (sid,) = issue("personal_square", who="person")
    other = accounts["other"]
    for fn in (suspend, resume, renew, change, cancel):
        with pytest.raises(NotFound):
            _run(services, actor_for, other, fn, sid, challenge_id=None)
    with pytest.raises(NotFound):  # the enterprise does not see a person's seal either
        _run(services, actor_for, accounts["enterprise"], suspend, sid, challenge_id=None)
    with pytest.raises(NotFound):
        _run(services, actor_for, other, suspend, "not-a-number", challenge_id=None)


def test_renew_only_within_ten_days_before_expiry(services, accounts, issue, consent, actor_for):
    (sid,) = issue("contract")
    ent = accounts["enterprise"]
    with services.session() as db:
        seal = db.get(Seal, sid)
        valid_to, old_serial = seal.valid_to, db.scalars(select(SealVersion.cert_serial)).one()
    services.clock.set(valid_to - timedelta(days=11))
    err = _err(services, actor_for, ent, renew, sid, challenge_id=consent(ent, "seal.renew", sid))
    start_bj = valid_to - timedelta(days=10) + timedelta(hours=8)
    assert err.code == "seal.renew_too_early" and f"{start_bj.year}年{start_bj.month}月{start_bj.day}日" in err.message
    services.clock.set(valid_to - timedelta(days=9))
    now = services.clock.now()
    assert _run(services, actor_for, ent, renew, sid, challenge_id=consent(ent, "seal.renew", sid)) == "enabled"
    with services.session() as db:
        seal = db.get(Seal, sid)
        versions = db.scalars(select(SealVersion).where(SealVersion.seal_id == sid).order_by(SealVersion.version)).all()
        assert [v.reason for v in versions] == ["issue", "renew"] and seal.current_version == 2
        assert versions[1].cert_serial != old_serial and versions[1].key_id != versions[0].key_id
        assert seal.valid_to >= valid_to + timedelta(days=365) and seal.valid_from <= now + timedelta(seconds=61)
        new_cert = x509.Certificate.load(read_blob(services, versions[1].cert_sha256))
        assert services.keystore.load(versions[1].key_id).public_key_info.dump() == new_cert.public_key.dump()
        assert db.scalars(select(SealEvent.action).where(SealEvent.seal_id == sid)).all() == ["issue", "renew"]


def test_change_person_font_makes_a_new_version_enterprise_refused(services, accounts, issue, consent, actor_for):
    (sid,) = issue("personal_square", who="person", font="song")
    me = accounts["person"]
    assert _err(services, actor_for, me, change, sid, challenge_id=consent(me, "seal.change", sid),
                font="song").code == "seal.change_same"
    assert _run(services, actor_for, me, change, sid, challenge_id=consent(me, "seal.change", sid),
                font="kai") == "enabled"
    with services.session() as db:
        v1, v2 = db.scalars(select(SealVersion).where(SealVersion.seal_id == sid).order_by(SealVersion.version)).all()
        assert (v2.reason, v2.font, db.get(Seal, sid).font) == ("change", "kai", "kai")
        assert v2.cert_serial == v1.cert_serial and v2.key_id == v1.key_id and v2.png_sha256 != v1.png_sha256
    (eid,) = issue("finance")
    err = _err(services, actor_for, accounts["enterprise"], change, eid, challenge_id=None, font="kai")
    assert (err.code, err.message) == ("seal.change_not_open", "该功能暂未开放")


def _forms(accounts, **over):
    values = dict(handler_name="钱经办", handler_id_number=accounts["person_id"], handler_phone="13900000009",
                  legal_rep_name="赵法人", legal_rep_id_number=accounts["legal_rep_id"],
                  unit_name="南宁星河数智科技有限公司", credit_code=accounts["credit_code"])
    values.update(over)
    return CancelForms(**values)


def test_enterprise_cancel_needs_materials_forms_and_sms(services, accounts, issue, consent, actor_for):
    from eseal.platform.storage import store_blob

    (sid,) = issue("invoice")
    ent = accounts["enterprise"]
    with services.session() as db:
        actor = actor_for(db, ent)
        png = store_blob(db, services, actor=actor, data=b"\x89PNG fake scan", content_type="image/png").sha256
        pdf = store_blob(db, services, actor=actor, data=b"%PDF-1.7", content_type="application/pdf").sha256
    sms = consent(ent, "seal.revoke", sid, method="sms")
    assert _err(services, actor_for, ent, cancel, sid, challenge_id=sms, materials=[png]).code == "seal.forms_required"
    assert _err(services, actor_for, ent, cancel, sid, challenge_id=sms, materials=[png],
                forms=_forms(accounts, credit_code="91350100M000100Y43")).code == "seal.form_mismatch"
    assert _err(services, actor_for, ent, cancel, sid, challenge_id=sms, materials=[png],
                forms=_forms(accounts, legal_rep_name="钱某")).code == "seal.form_mismatch"
    assert _err(services, actor_for, ent, cancel, sid, challenge_id=sms,
                forms=_forms(accounts)).code == "seal.materials_required"
    assert _err(services, actor_for, ent, cancel, sid, challenge_id=sms, materials=[pdf],
                forms=_forms(accounts)).code == "seal.material_not_image"
    assert _err(services, actor_for, ent, cancel, sid, challenge_id=sms, materials=["ab" * 32],
                forms=_forms(accounts)).code == "storage.not_found"
    pw = consent(ent, "seal.revoke", sid, method="password")
    assert _err(services, actor_for, ent, cancel, sid, challenge_id=pw, materials=[png],
                forms=_forms(accounts)).code == "seal.sms_required"
    assert _run(services, actor_for, ent, cancel, sid, challenge_id=sms, materials=[png],
                forms=_forms(accounts)) == "cancelled"
    with services.session() as db:
        ev = db.scalars(select(SealEvent).where(SealEvent.seal_id == sid, SealEvent.action == "cancel")).one()
        detail = json.loads(ev.detail)
        assert detail["materials"] == [png] and detail["legal_rep_id"] != accounts["legal_rep_id"]
        assert accounts["legal_rep_id"] not in ev.detail and accounts["person_id"] not in ev.detail
        version = db.scalars(select(SealVersion).where(SealVersion.seal_id == sid)).one()
        assert _crl_has(services, read_blob(services, version.cert_sha256))


def test_http_filing_adapter_and_failure_rolls_back(services, accounts, issue, consent, actor_for):
    sent = []

    def answer(request):
        sent.append(request)
        if len(sent) == 1:
            return httpx.Response(200, json={"ok": True, "receipt": "BA-2026-0001"})
        return httpx.Response(503, json={"ok": False})

    install_filing_provider(services, HttpFilingProvider("https://filing.example/api/filings", "tok",
                                                         transport=httpx.MockTransport(answer)))
    (sid,) = issue("personal_square", who="person")
    me = accounts["person"]
    assert _run(services, actor_for, me, suspend, sid, challenge_id=consent(me, "seal.suspend", sid)) == "suspended"
    body = json.loads(sent[0].content)
    assert sent[0].headers["authorization"] == "Bearer tok" and body["action"] == "suspend"
    assert set(body) == {"reference", "es_id", "seal_name", "seal_type", "action", "at", "holder", "credit_code"}
    with pytest.raises(ProviderError):
        _run(services, actor_for, me, resume, sid, challenge_id=consent(me, "seal.resume", sid))
    with services.session() as db:
        assert db.get(Seal, sid).state == "suspended"  # the unfiled change was not made
        rows = db.scalars(select(SealFiling).where(SealFiling.seal_id == sid)).all()
        assert [(r.provider, r.status, r.reference) for r in rows] == [("http", "filed", "BA-2026-0001")]
