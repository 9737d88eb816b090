"""S1b on the database (SQLite and PostgreSQL): a person's application through the services, and a link tapped
from two browsers at once is consumed exactly once."""

from __future__ import annotations

import io
import re
import threading
from typing import Any

import pytest

pytestmark = pytest.mark.db


def _jpeg() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (32, 32), (9, 9, 9)).save(out, "JPEG")
    return out.getvalue()


def _submitted_person_application(services: Any, accounts: dict[str, Any], actor_for: Any) -> tuple[int, str]:
    from sqlalchemy import select

    from eseal.platform.accounts import Account
    from eseal.platform.core import hash_password
    from eseal.platform.identity import SmsOutbox, willingness
    from eseal.platform.seals.applications import application, materials

    with services.session() as db:
        actor = actor_for(db, accounts["person"])
        app = application.create(db, services, actor=actor, seal_kinds=["personal_square"], font="kai")
        application.set_method(db, services, actor=actor, application_id=app.id, method="sms")
        for slot in ("id_front", "id_back"):
            materials.upload(db, services, actor=actor, application_id=app.id, slot=slot, source=_jpeg())
        assert app.state == "willingness"
        account = db.get(Account, accounts["person"])
        account.verification_password_hash = hash_password("135790")
        ch = willingness.create_challenge(db, services, account, action="seal.apply", target_type="seal_application",
                                          target_id=str(app.id))
        willingness.satisfy(db, services, ch.id, account, method="password", password="135790")
        application.submit(db, services, actor=actor, application_id=app.id, willingness_challenge_id=ch.id)
        assert app.state == "auth_self"
        phone = account.phone
        app_id = app.id
    with services.session() as db:
        text = db.scalars(select(SmsOutbox.text).where(SmsOutbox.phone == phone)
                          .order_by(SmsOutbox.id.desc())).first()
    match = re.search(r"/cert-auth/([A-Za-z0-9_\-]+)", text or "")
    assert match, text
    return app_id, match.group(1)


def test_a_link_tapped_twice_at_once_is_consumed_once(services, accounts, actor_for):
    from eseal.platform.accounts import Actor
    from eseal.platform.core import PlatformError
    from eseal.platform.seals.applications import SealApplicationAuth, certificate_auth

    app_id, token = _submitted_person_application(services, accounts, actor_for)
    results: list[str] = []
    barrier = threading.Barrier(2)

    def tap(n: int) -> None:
        barrier.wait()
        try:
            with services.session() as db:
                certificate_auth.open_link(db, services, actor=Actor(ip=f"10.0.0.{n}", client_binding=f"b{n}"),
                                           token=token)
            results.append("opened")
        except PlatformError as exc:
            results.append(exc.code)

    threads = [threading.Thread(target=tap, args=(n,)) for n in (1, 2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(results) == ["cert_auth.link_used", "opened"], results
    with services.session() as db:
        from sqlalchemy import select

        step = db.scalars(select(SealApplicationAuth).where(SealApplicationAuth.application_id == app_id)).one()
        assert step.state == "opened" and step.consumed_at is not None and step.form_sha256


def test_the_token_is_stored_hashed_only(services, accounts, actor_for):
    from sqlalchemy import select

    from eseal.platform.core import sha256_hex
    from eseal.platform.seals.applications import SealApplicationAuth

    app_id, token = _submitted_person_application(services, accounts, actor_for)
    with services.session() as db:
        step = db.scalars(select(SealApplicationAuth).where(SealApplicationAuth.application_id == app_id)).one()
        assert step.token_hash == sha256_hex(token) and token not in (step.token_hash or "")
