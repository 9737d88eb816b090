"""The seal's 核验密码 is kept as a keyed hash (HMAC-SHA-256 under a key derived from the master key, salted per
hash): microseconds per signing instead of argon2's ~0.14 s of CPU. PINs stored as argon2 by earlier versions keep
working and are rewritten in the keyed form by the first signing that proves them (no PIN is lost)."""

from __future__ import annotations

import pytest
from d1c_helpers import SEAL_PASSWORD, actor, issue_password_seal, make_accounts, sample_pdf, stamp, upload

from eseal.platform.core import PlatformError, hash_password, hash_pin, verify_pin
from eseal.platform.core.security import PIN_PREFIX
from eseal.platform.seals import Seal
from eseal.platform.signing.stamping import prepare_signing, sign_document
from eseal.platform.signing.stamps import Stamp

KEY = bytes(range(32))


def test_keyed_pin_hash_verifies_only_with_its_key_and_pin() -> None:
    stored = hash_pin(KEY, "135790")
    assert stored.startswith(PIN_PREFIX) and "135790" not in stored
    assert verify_pin(KEY, stored, "135790") == (True, False)
    assert verify_pin(KEY, stored, "135791") == (False, False)
    assert verify_pin(bytes(32), stored, "135790") == (False, False)  # a stolen database without the master key
    assert hash_pin(KEY, "135790") != stored  # salted: equal PINs do not show as equal hashes
    assert verify_pin(KEY, None, "135790") == (False, False)


def test_argon2_pin_of_earlier_versions_verifies_and_asks_for_the_rehash() -> None:
    old = hash_password("135790")
    assert verify_pin(KEY, old, "135790") == (True, True)
    assert verify_pin(KEY, old, "000000") == (False, False)


@pytest.mark.db
def test_signing_rewrites_an_argon2_pin_in_the_keyed_form(services) -> None:
    ids = make_accounts(services)
    seal_id = issue_password_seal(services, ids["person"], ids["person_number"])  # stored as argon2 (old form)
    with services.session() as db:
        assert db.get(Seal, seal_id).method_password_hash.startswith("$argon2id$")

    stamp(services, ids["person"], upload(services, ids["person"], "a.pdf", sample_pdf()), seal_id)
    with services.session() as db:
        rewritten = db.get(Seal, seal_id).method_password_hash
    assert rewritten.startswith(PIN_PREFIX)
    assert verify_pin(services.master_key, rewritten, SEAL_PASSWORD) == (True, False)

    # the keyed form signs again; a wrong PIN is still refused and changes nothing
    stamp(services, ids["person"], upload(services, ids["person"], "b.pdf", sample_pdf()), seal_id)
    doc = upload(services, ids["person"], "c.pdf", sample_pdf())
    stamps = [Stamp(seal_id=seal_id, mode="single", page=1, x_mm=120.0, y_mm=200.0)]
    with services.session() as db:
        cid = prepare_signing(db, services, actor=actor(db, ids["person"]), document_id=doc,
                              stamps=stamps).challenge.challenge_id
    with pytest.raises(PlatformError) as refused, services.session() as db:
        sign_document(db, services, actor=actor(db, ids["person"]), document_id=doc, stamps=stamps,
                      challenge_id=cid, seal_password="000000")
    assert refused.value.code == "sign.seal_password_wrong"
    with services.session() as db:
        assert db.get(Seal, seal_id).method_password_hash == rewritten
