"""Grants (授权管理, manual §4.6 / §5.7): administrators (管理员) and grantees (被授权人) of an enterprise, which
seals they may use, for how long and how often; the person's 接收授权; THE permission table (``permissions.py``)
and the use accounting signing calls (``usage.py``: ``take_use`` / ``give_back_use``).

Service functions have the form ``(db, svc, *, actor, ...)`` and never commit.

This face loads its names on first use (PEP 562): ``grants.models`` and ``grants.permissions`` sit BELOW
``accounts.roles`` / ``seals.access`` (which import those two modules directly), while the management services
sit above ``seals``; an eager face would make importing the models pull in the services.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from eseal.platform.grants.acceptance import accept_grant, my_grant, my_grants
    from eseal.platform.grants.history import grant_history, history_csv
    from eseal.platform.grants.models import ROLES, Grant, GrantEvent, GrantSeal
    from eseal.platform.grants.permissions import (
        PERMISSIONS,
        ActingRole,
        acting_role,
        action_refusal,
        require,
        stamp_refusal_for,
        visible_seal_ids,
    )
    from eseal.platform.grants.serializers import GrantEventView, GrantHistory, GrantList, GrantView
    from eseal.platform.grants.service import (
        GrantCheck,
        GrantRequest,
        GrantScope,
        change_grant,
        check_change,
        check_grant,
        create_grant,
        get_grant,
        list_grants,
        revoke_grant,
    )
    from eseal.platform.grants.usage import Use, give_back_use, take_use

_WHERE = {
    "accept_grant": "acceptance", "my_grant": "acceptance", "my_grants": "acceptance",
    "grant_history": "history", "history_csv": "history",
    "ROLES": "models", "Grant": "models", "GrantEvent": "models", "GrantSeal": "models",
    "PERMISSIONS": "permissions", "ActingRole": "permissions", "acting_role": "permissions", "require": "permissions",
    "action_refusal": "permissions",
    "stamp_refusal_for": "permissions", "visible_seal_ids": "permissions",
    "GrantEventView": "serializers", "GrantHistory": "serializers", "GrantList": "serializers",
    "GrantView": "serializers",
    "GrantCheck": "service", "GrantRequest": "service", "GrantScope": "service", "change_grant": "service",
    "check_change": "service", "check_grant": "service", "create_grant": "service",
    "get_grant": "service", "list_grants": "service", "revoke_grant": "service",
    "Use": "usage", "give_back_use": "usage", "take_use": "usage",
}
__all__ = [
    "PERMISSIONS",
    "ROLES",
    "ActingRole",
    "Grant",
    "GrantCheck",
    "GrantEvent",
    "GrantEventView",
    "GrantHistory",
    "GrantList",
    "GrantRequest",
    "GrantScope",
    "GrantSeal",
    "GrantView",
    "Use",
    "accept_grant",
    "acting_role",
    "action_refusal",
    "change_grant",
    "check_change",
    "check_grant",
    "create_grant",
    "get_grant",
    "give_back_use",
    "grant_history",
    "history_csv",
    "list_grants",
    "my_grant",
    "my_grants",
    "require",
    "revoke_grant",
    "stamp_refusal_for",
    "take_use",
    "visible_seal_ids",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'eseal.platform.grants' has no attribute {name!r}")
    return getattr(importlib.import_module(f"eseal.platform.grants.{module}"), name)
