"""Response models: they document the JSON in OpenAPI (/api/v1/docs) and pin the shapes of docs/api.md."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import BaseModel, StringConstraints

from eseal.platform import accounts
from eseal.platform.identity import OAuthBindingView, SmsSent

# Request string fields are bounded (argon2 on a megabyte password, or megabyte "ID numbers" in
# lookups, would be cheap denial of service). Over-long values → 422 invalid_input naming the field.
Code = Annotated[str, StringConstraints(max_length=32)]          # enums: purpose, method, id_type, ...
Ident = Annotated[str, StringConstraints(max_length=64)]         # phone, ID number, credit code, object ids
Name = Annotated[str, StringConstraints(max_length=200)]         # person / enterprise names
Secret = Annotated[str, StringConstraints(max_length=128)]       # passwords, SMS codes
Path = Annotated[str, StringConstraints(max_length=300)]         # same-site return paths


class ErrorBody(BaseModel):
    code: str
    message: str
    field: str | None = None
    retry_after: int | None = None


class ErrorOut(BaseModel):
    error: ErrorBody


class AccountOut(BaseModel):
    id: int
    kind: str
    display_name: str
    phone_masked: str | None
    has_password: bool
    has_verification_password: bool
    legal_type: str | None
    legal_type_label: str | None
    credit_code: str | None
    legal_rep_name: str | None
    legal_rep_id_masked: str | None
    name: str | None
    id_type: str | None
    id_type_label: str | None
    id_number_masked: str | None
    realname_verified: bool
    oauth_bindings: list[str]


class EnterpriseBrief(BaseModel):
    id: int
    name: str | None
    credit_code: str | None


class SessionOut(BaseModel):
    authenticated: bool
    account: AccountOut | None
    acting_as: EnterpriseBrief | None
    enterprise_face_verified: bool
    needs_enterprise_face_check: bool
    csrf_token: str


class SessionEnvelope(BaseModel):
    session: SessionOut


class AccountEnvelope(BaseModel):
    account: AccountOut


class OkOut(BaseModel):
    ok: bool


class SmsSentOut(BaseModel):
    sent: bool
    phone_masked: str | None
    expires_in: int
    resend_after: int


class LookupOut(BaseModel):
    registered: bool
    account_kind: str
    methods: list[str]
    phone_masked: str | None


class FaceCheckOut(BaseModel):
    face_check_id: str
    status: str
    purpose: str
    provider: str
    simulated: bool
    subject_name_masked: str | None
    verify_url: str | None
    expires_at: str


class ChallengeOut(BaseModel):
    challenge_id: str
    action: str
    action_label: str
    target_type: str
    target_id: str
    status: str
    method: str | None
    expires_at: str
    methods: list[str]
    phone_masked: str | None


class AuthRecord(BaseModel):
    id: int
    at: str
    event: str
    event_label: str
    detail: dict[str, Any]


class AuthRecordsOut(BaseModel):
    records: list[AuthRecord]


class RoleItem(BaseModel):
    type: str
    label: str | None = None
    enterprise_id: int | None = None
    name: str | None = None
    credit_code: str | None = None


class RolesOut(BaseModel):
    current: EnterpriseBrief | None
    roles: list[RoleItem]


class BindingItem(BaseModel):
    provider: str
    label: str
    bound_at: str


class BindingsOut(BaseModel):
    bindings: list[BindingItem]


@dataclass(frozen=True)
class Ok:
    """``{"ok": true}``."""

    ok: bool = True


OK = Ok()


@dataclass(frozen=True)
class AccountEnvelopeView:
    account: accounts.AccountView


@dataclass(frozen=True)
class AuthRecordsView:
    records: tuple[accounts.AuthRecord, ...]


@dataclass(frozen=True)
class BindingsView:
    bindings: tuple[OAuthBindingView, ...]


SmsSentView = SmsSent

ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorOut, "description": text}
    for status, text in ((400, "bad input / rule violated"), (401, "not logged in"), (403, "forbidden / CSRF"),
                         (404, "not found (also: someone else's object)"), (409, "already registered"),
                         (422, "malformed JSON"), (423, "login locked"), (429, "rate limited / cooldown"),
                         (502, "identity provider failed"))
}
