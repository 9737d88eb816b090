"""Platform CA/keystore and issue_seals: real SM2 keys in the keystore, certificates from the platform CA, faces
from the art engine, maker-signed SESeals that verify, blobs in the store, rows and the issue event."""

from __future__ import annotations

import pytest
from asn1crypto import x509
from sqlalchemy import select

from eseal.engine.pki.identity import credit_code_of
from eseal.engine.ses import local_ca_checker, overall, parse_es_id, parse_seal, verify_seal
from eseal.platform.core import PlatformError
from eseal.platform.seals import Seal, SealEvent, SealVersion
from eseal.platform.seals.versions import read_blob

pytestmark = pytest.mark.db


def test_platform_ca_created_on_first_use_under_the_data_dir(services):
    ca_dir = services.settings.data_dir / "ca"
    assert not ca_dir.exists()
    ca = services.ca
    assert (ca_dir / "ca.json").is_file() and not (ca_dir / "master.key").exists()  # platform master key
    assert services.ca is ca and services.tsa("sm2") is ca.tsa("sm2")
    signer = services.keystore.generate("probe", "sm2")
    assert (services.settings.data_dir / "keys" / "probe.key.json").is_file()
    assert services.keystore.load("probe").public_key_info.dump() == signer.public_key_info.dump()


def test_issue_enterprise_seals(services, accounts, issue):
    ids = issue("legal_name", "contract", "finance", "invoice", "legal_rep")
    assert len(ids) == 5
    with services.session() as db:
        seals = [db.get(Seal, i) for i in ids]
        names = {s.kind: s.name for s in seals}
        assert names["contract"] == "南宁星河数智科技有限公司合同专用章" and names["legal_rep"] == "赵法人"
        assert {s.state for s in seals} == {"enabled"}
        for s in seals:
            v = db.scalars(select(SealVersion).where(SealVersion.seal_id == s.id)).one()
            seal = parse_seal(read_blob(services, v.esl_sha256))
            assert seal.es_id == s.es_id and parse_es_id(s.es_id)[0] == accounts["credit_code"][2:8]
            assert overall(verify_seal(seal, at=services.clock.now(),
                                       cert_checker=local_ca_checker(services.ca))).value == "pass"
            cert = x509.Certificate.load(read_blob(services, v.cert_sha256))
            assert format(cert.serial_number, "x") == v.cert_serial
            if s.kind == "legal_rep":
                assert services.ca.person_matches(cert, accounts["legal_rep_id"])
            else:
                assert credit_code_of(cert) == accounts["credit_code"]
            assert read_blob(services, v.png_sha256)[:8] == b"\x89PNG\r\n\x1a\n"
            assert read_blob(services, v.pdf_sha256)[:5] == b"%PDF-"
            assert services.keystore.load(v.key_id).public_key_info.dump() == cert.public_key.dump()
            assert s.valid_from == services.clock.now() and (s.valid_to - s.valid_from).days == 365
            ev = db.scalars(select(SealEvent).where(SealEvent.seal_id == s.id)).one()
            assert (ev.action, ev.from_state, ev.to_state, ev.at) == ("issue", None, "enabled", s.created_at)


def test_issue_personal_square_with_font_and_handdrawn(services, accounts, issue):
    square, drawn = issue("personal_square", "personal_handdrawn", who="person", font="kai")
    with services.session() as db:
        s = db.get(Seal, square)
        assert (s.name, s.font) == ("王小明", "kai")
        v = db.scalars(select(SealVersion).where(SealVersion.seal_id == drawn)).one()
        assert v.height_mm < v.width_mm  # cropped to the ink of a wide signature
        cert = x509.Certificate.load(read_blob(services, v.cert_sha256))
        assert services.ca.person_matches(cert, accounts["person_id"])


def test_issue_refusals(services, accounts, issue):
    issue("contract")
    for kinds, who, code in ((("contract",), "enterprise", "seal.kind_held"),
                             (("personal_square",), "enterprise", "seal.invalid_kind"),
                             (("contract",), "person", "seal.invalid_kind"),
                             (("bogus",), "enterprise", "seal.invalid_kind")):
        with pytest.raises(PlatformError) as info:
            issue(*kinds, who=who)
        assert info.value.code == code
    with pytest.raises(PlatformError) as info:
        issue("personal_square", who="person", font="comic")
    assert info.value.code == "seal.invalid_font"
    with pytest.raises(PlatformError) as info:
        issue("personal_handdrawn", who="person", strokes=[[[1, 1]]])
    assert info.value.code == "seal.face_invalid"
    with pytest.raises(PlatformError) as info:
        issue("finance", method="password")
    assert info.value.code == "seal.invalid_method"


def test_demo_accounts_get_real_seals_once(services):
    from eseal.platform.demo import seed_demo

    ids = seed_demo(services)
    seed_demo(services)  # idempotent: kinds already held are not issued again
    with services.session() as db:
        rows = db.scalars(select(Seal).order_by(Seal.id)).all()
        assert [(s.owner_account_id, s.kind, s.state) for s in rows] == [
            (ids["enterprise_id"], "legal_name", "enabled"), (ids["enterprise_id"], "contract", "enabled"),
            (ids["person_id"], "personal_square", "enabled")]
