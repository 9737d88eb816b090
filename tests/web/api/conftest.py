"""Helpers for the API tests: register/login accounts through the real endpoints."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from apihelpers import new_id_number, new_phone

from eseal.engine.ids import generate_credit_code


@pytest.fixture
def send_code(app: Any, last_sms_code: Callable[..., str]) -> Callable[..., str]:
    """send_code(client, phone, purpose="register", **extra) → the code from the dev outbox."""

    def send(client: Any, phone: str | None = None, purpose: str = "register", **extra: Any) -> str:
        body = {"purpose": purpose, **extra}
        if phone is not None and "account" not in extra:
            body["phone"] = phone
        r = client.post("/api/v1/sms/send", json=body)
        assert r.status_code == 200, r.text
        target = phone
        if target is None:
            with app.state.services.session() as db:
                from sqlalchemy import select

                from eseal.platform.identity import SmsCode

                target = db.scalar(select(SmsCode.phone).order_by(SmsCode.id.desc()).limit(1))
        app.state.services.clock.advance(seconds=61)  # next send is past the cooldown
        return last_sms_code(target)

    return send


@pytest.fixture
def register_person(send_code: Callable[..., str]) -> Callable[..., dict[str, Any]]:
    """register_person(client, realname=True, password="Passw0rd1") → {"phone", "id_number", "name", "session"}."""

    def register(client: Any, realname: bool = True, password: str | None = "Passw0rd1", **over: Any) -> dict[str, Any]:
        phone = over.pop("phone", new_phone())
        body: dict[str, Any] = {"mode": "realname" if realname else "phone", "phone": phone, "agree": True}
        if realname:
            body.update(id_type="resident_id", id_number=over.pop("id_number", new_id_number()), name="王测试")
        if password:
            body.update(password=password, password_confirm=password)
        body.update(over)
        body["sms_code"] = send_code(client, phone)
        r = client.post("/api/v1/register/person", json=body)
        assert r.status_code == 201, r.text
        return {**body, "session": r.json()["session"]}

    return register


@pytest.fixture
def register_enterprise(send_code: Callable[..., str]) -> Callable[..., dict[str, Any]]:
    def register(client: Any, **over: Any) -> dict[str, Any]:
        phone = over.pop("phone", new_phone())
        body: dict[str, Any] = {
            "legal_type": "enterprise", "name": "南宁测试科技有限公司", "credit_code": generate_credit_code(),
            "legal_rep_name": "赵法人", "legal_rep_id_number": new_id_number(), "phone": phone,
            "password": "Ent12345", "password_confirm": "Ent12345", "agree": True,
        }
        body.update(over)
        body["sms_code"] = send_code(client, phone, account_type="enterprise")
        r = client.post("/api/v1/register/enterprise", json=body)
        assert r.status_code == 201, r.text
        return {**body, "session": r.json()["session"]}

    return register
