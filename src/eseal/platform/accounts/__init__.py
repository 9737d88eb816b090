"""Accounts (manual §1 注册, §2 登录, 我的): the account of both kinds, registration, login with lockout, sessions,
password reset, the account's own settings, roles (acting for an enterprise) and the typed views of all that.

Service functions take the DB session and the service container and never commit (the caller's unit of work
does); the newer ones have the form ``(db, svc, *, actor, ...)`` with an :class:`Actor`. Builds on
``eseal.platform.core`` and ``eseal.platform.identity``.
"""

from eseal.platform.accounts.acting import SessionChange, enter_enterprise, switch_role
from eseal.platform.accounts.actor import Actor
from eseal.platform.accounts.face_checks import start_face_check
from eseal.platform.accounts.lockout import LOCK_AFTER, LOCK_BASE, LOCK_MAX, check_not_locked, throttle_keys
from eseal.platform.accounts.login import login_enterprise, login_oauth, login_person
from eseal.platform.accounts.lookup import (
    find_enterprise,
    find_person,
    id_key,
    legal_rep_id_columns,
    login_methods,
    person_id_columns,
    person_lookup,
    phone_taken,
    resolve_account,
    resolve_person_identifier,
)
from eseal.platform.accounts.models import KIND_ENTERPRISE, KIND_PERSON, Account, LoginThrottle, WebSession
from eseal.platform.accounts.password_reset import reset_password
from eseal.platform.accounts.profile import (
    AUTH_RECORD_EVENTS,
    auth_records,
    bind_phone,
    change_password,
    set_verification_password,
)
from eseal.platform.accounts.realname_verification import complete_realname, start_realname_face_check
from eseal.platform.accounts.reclaim import (
    Reclaim,
    ReclaimClaim,
    reclaim_enterprise,
    start_reclaim_face_check,
)
from eseal.platform.accounts.registration import (
    EnterpriseRegistration,
    PersonRegistration,
    register_enterprise,
    register_person,
)
from eseal.platform.accounts.roles import can_act_for, enterprises_for, face_check_matches, roles_of
from eseal.platform.accounts.serializers import (
    AccountView,
    AuthRecord,
    EnterpriseBrief,
    LookupResult,
    RoleItem,
    RolesView,
    account_view,
    enterprise_brief,
)
from eseal.platform.accounts.sessions import (
    IDLE_TIMEOUT,
    LoadedSession,
    create_session,
    end_session,
    load_session,
    revoke_all,
    revoke_session,
    rotate_session,
    start_session,
)
from eseal.platform.accounts.sms_codes import send_code
from eseal.platform.accounts.validation import (
    PASSWORD_MISMATCH,
    VERIFICATION_PASSWORD_MISMATCH,
    check_enterprise_name,
    check_new_password,
    check_person_name,
    check_phone,
    check_verification_password,
    parse_credit_code,
    parse_person_id,
    require_agreement,
)

__all__ = [
    "AUTH_RECORD_EVENTS",
    "IDLE_TIMEOUT",
    "KIND_ENTERPRISE",
    "KIND_PERSON",
    "LOCK_AFTER",
    "LOCK_BASE",
    "LOCK_MAX",
    "PASSWORD_MISMATCH",
    "VERIFICATION_PASSWORD_MISMATCH",
    "Account",
    "AccountView",
    "Actor",
    "AuthRecord",
    "EnterpriseBrief",
    "EnterpriseRegistration",
    "LoadedSession",
    "LoginThrottle",
    "LookupResult",
    "PersonRegistration",
    "Reclaim",
    "ReclaimClaim",
    "RoleItem",
    "RolesView",
    "SessionChange",
    "WebSession",
    "account_view",
    "auth_records",
    "bind_phone",
    "can_act_for",
    "change_password",
    "check_enterprise_name",
    "check_new_password",
    "check_not_locked",
    "check_person_name",
    "check_phone",
    "check_verification_password",
    "complete_realname",
    "create_session",
    "end_session",
    "enter_enterprise",
    "enterprise_brief",
    "enterprises_for",
    "face_check_matches",
    "find_enterprise",
    "find_person",
    "id_key",
    "legal_rep_id_columns",
    "load_session",
    "login_enterprise",
    "login_methods",
    "login_oauth",
    "login_person",
    "parse_credit_code",
    "parse_person_id",
    "person_id_columns",
    "person_lookup",
    "phone_taken",
    "reclaim_enterprise",
    "register_enterprise",
    "register_person",
    "require_agreement",
    "reset_password",
    "resolve_account",
    "resolve_person_identifier",
    "revoke_all",
    "revoke_session",
    "roles_of",
    "rotate_session",
    "send_code",
    "set_verification_password",
    "start_face_check",
    "start_realname_face_check",
    "start_reclaim_face_check",
    "start_session",
    "switch_role",
    "throttle_keys",
]
