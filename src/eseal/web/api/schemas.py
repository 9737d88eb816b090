"""Response models: they document the JSON in OpenAPI (/api/v1/docs) and pin the shapes of docs/api.md."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from eseal.platform import accounts
from eseal.platform.identity import ChallengeView, FaceCheckView, OAuthBindingView, SmsSent
from eseal.web import deps

# Request string fields are bounded (argon2 on a megabyte password, or megabyte "ID numbers" in
# lookups, would be cheap denial of service). Over-long values → 422 invalid_input naming the field.
Code = Annotated[str, StringConstraints(max_length=32)]          # enums: purpose, method, id_type, ...
Ident = Annotated[str, StringConstraints(max_length=64)]         # phone, ID number, credit code, object ids
Name = Annotated[str, StringConstraints(max_length=200)]         # person / enterprise names
Secret = Annotated[str, StringConstraints(max_length=128)]       # passwords, SMS codes
Path = Annotated[str, StringConstraints(max_length=300)]         # same-site return paths


# What the API accepts, for the OpenAPI document (integrators generate clients from it). The request models keep
# every field optional in pydantic: the platform validates and answers its own codes and Chinese messages
# (``weak_password``, ``invalid_credit_code``, ... with the field at fault); a stricter pydantic model would turn
# those into generic 422s. So the rules are DOCUMENTED here (json_schema_extra) and ENFORCED by the services.
PHONE = r"^1[3-9]\d{9}$"                                        # mainland mobile (core.security.PHONE_RE)
SMS_CODE = r"^\d{6}$"
CREDIT_CODE = r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$"  # GB 32100 (check character checked too)
RESIDENT_ID = r"^\d{17}[\dX]$"                                  # GB 11643 (check character checked too)
DIGITS_6_TO_20 = r"^\d{6,20}$"  # the verification password (核验密码, accounts.validation)
ID_TYPES = ("resident_id", "hk_macao_permit", "taiwan_permit", "foreign_permanent_resident")
LEGAL_TYPES = ("enterprise", "government", "institution", "social_organization", "individual_business", "other")
ACCOUNT_TYPES = ("person", "enterprise")


def doc(description: str | None = None, *, type_: str = "string", **keywords: Any) -> Any:
    """An optional pydantic field whose OpenAPI schema says what the API accepts: ``type_`` (not ``... | null``),
    and JSON-schema ``keywords`` (``pattern``, ``enum``, ``minLength``, ``maxLength``, ``minimum``, ``const``).
    The bound of the field's own type (``max_length`` of ``Ident``, ...) is kept."""

    def extra(schema: dict[str, Any]) -> None:
        branches = schema.pop("anyOf", None) or []
        for branch in branches:
            if branch.get("type") != "null":
                schema.update(branch)
        schema.pop("default", None)
        schema["type"] = type_
        schema.update(keywords)
        if description:
            schema["description"] = description

    return Field(default=None, json_schema_extra=extra)


def required(*names: str) -> ConfigDict:
    """``model_config`` listing the fields the API requires (missing ones are answered by the service's own code)."""
    return ConfigDict(json_schema_extra={"required": list(names)})


def text(description: str | None = None, **keywords: Any) -> Any:
    return doc(description, minLength=1, **keywords)


def enum(*values: str, description: str | None = None) -> Any:
    return doc(description, enum=list(values))


AGREE = doc("已阅读并同意协议：必须为 true", type_="boolean", enum=[True])
PHONE_FIELD = doc("手机号（中国大陆）", pattern=PHONE)
SMS_CODE_FIELD = doc("6 位短信验证码", pattern=SMS_CODE)
PASSWORD_FIELD = doc("8-64 位，须同时包含字母和数字", minLength=8, maxLength=64)
ID_TYPE_FIELD = enum(*ID_TYPES, description="证件类型（默认 resident_id）")
CHALLENGE_FIELD = text("意愿认证 challenge_id（已通过）")
FACE_CHECK_FIELD = text("已通过的人脸核验 face_check_id")


class ErrorBody(BaseModel):
    code: str
    message: str
    field: str | None = None
    retry_after: int | None = None


class ErrorOut(BaseModel):
    error: ErrorBody


# The answers are the platform's typed views themselves: each field list exists once, in the view
# (platform/accounts/serializers.py, platform/identity/serializers.py, web/deps.py's session), and FastAPI
# documents a frozen dataclass in OpenAPI as it does a pydantic model. The names below are what routes say.
@dataclass(frozen=True)
class Ok:
    """``{"ok": true}``."""

    ok: bool


OK = Ok(ok=True)


@dataclass(frozen=True)
class AccountEnvelopeView:
    account: accounts.AccountView


@dataclass(frozen=True)
class AuthRecordsView:
    records: tuple[accounts.AuthRecord, ...]


@dataclass(frozen=True)
class BindingsView:
    bindings: tuple[OAuthBindingView, ...]


AccountOut = accounts.AccountView
EnterpriseBrief = accounts.EnterpriseBrief
SessionOut = deps.SessionView
SessionEnvelope = deps.SessionEnvelope
LookupOut = accounts.LookupResult
AuthRecord = accounts.AuthRecord
RoleItem = accounts.RoleItem
RolesOut = accounts.RolesView
OkOut = Ok
AccountEnvelope = AccountEnvelopeView
AuthRecordsOut = AuthRecordsView
BindingItem = OAuthBindingView
BindingsOut = BindingsView
SmsSentOut = SmsSent
SmsSentView = SmsSent
FaceCheckOut = FaceCheckView
ChallengeOut = ChallengeView

ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorOut, "description": what}
    for status, what in ((400, "bad input / rule violated"), (401, "not logged in"), (403, "forbidden / CSRF"),
                         (404, "not found (also: someone else's object)"), (409, "already registered"),
                         (413, "request body too large"),
                         (422, "malformed JSON / a field of the wrong type or over its length"),
                         (423, "login locked"), (429, "rate limited / cooldown"),
                         (502, "identity provider failed"))
}
# 429 and 423 carry ``Retry-After`` (seconds) beside ``error.retry_after``
for _status in (423, 429):
    ERROR_RESPONSES[_status]["headers"] = {"Retry-After": {"schema": {"type": "integer"},
                                                           "description": "seconds to wait"}}

# Browser round trips (WeChat/Alipay): a 302 to the provider or back to a page of the app; no JSON body.
REDIRECT_RESPONSES: dict[int | str, dict[str, Any]] = {
    302: {"description": "redirect (browser navigation)", "content": {},
          "headers": {"Location": {"schema": {"type": "string"}, "description": "where the browser goes next"}}},
}
