"""JSON-ready views of platform objects (masked: never full ID numbers, phones or hashes)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from eseal.engine.ids import ID_TYPE_LABELS, LEGAL_TYPE_LABELS
from eseal.platform.models import Account, OAuthBinding
from eseal.platform.security import mask_phone


def account_view(db: Session, account: Account) -> dict[str, Any]:
    bindings = db.scalars(select(OAuthBinding.provider).where(OAuthBinding.account_id == account.id)
                          .order_by(OAuthBinding.provider)).all()
    ent = account.is_enterprise
    return {
        "id": account.id,
        "kind": account.kind,
        "display_name": account.display_name,
        "phone_masked": mask_phone(account.phone),
        "has_password": bool(account.password_hash),
        "has_verification_password": bool(account.verification_password_hash),
        "legal_type": account.legal_type if ent else None,
        "legal_type_label": LEGAL_TYPE_LABELS.get(account.legal_type or "") if ent else None,
        "credit_code": account.credit_code if ent else None,
        "legal_rep_name": account.legal_rep_name if ent else None,
        "legal_rep_id_masked": account.legal_rep_id_masked if ent else None,
        "name": None if ent else account.person_name,
        "id_type": None if ent else account.id_type,
        "id_type_label": None if ent else ID_TYPE_LABELS.get(account.id_type or ""),
        "id_number_masked": None if ent else account.id_number_masked,
        "realname_verified": False if ent else bool(account.realname_verified),
        "oauth_bindings": list(bindings),
    }


def enterprise_brief(account: Account | None) -> dict[str, Any] | None:
    if account is None:
        return None
    return {"id": account.id, "name": account.enterprise_name, "credit_code": account.credit_code}
