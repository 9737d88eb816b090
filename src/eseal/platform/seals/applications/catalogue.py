"""What an application asks for besides the seal kinds (those are ``seals/kinds.py``): the material slots and
the labels of the seal-use verification methods. Codes go down, Chinese goes up."""

from __future__ import annotations

from eseal.platform.seals.kinds import ENTERPRISE_KINDS, PERSON_KINDS

METHOD_LABELS: dict[str, str] = {"password": "密码核验", "sms": "短信核验", "face": "人脸核验"}
ROLE_LABELS: dict[str, str] = {"legal_rep": "单位法人", "handler": "经办人", "self": "本人"}

# material slots: (code, label, required)
ENTERPRISE_MATERIALS: tuple[tuple[str, str, bool], ...] = (
    ("business_license", "营业执照", True),
    ("legal_rep_id_front", "法定代表人身份证人像面", True),
    ("legal_rep_id_back", "法定代表人身份证国徽面", True),
    ("handler_id_front", "经办人身份证人像面", True),
    ("handler_id_back", "经办人身份证国徽面", True),
    ("authorization", "授权委托书", False),
)
PERSON_MATERIALS: tuple[tuple[str, str, bool], ...] = (
    ("id_front", "身份证人像面", True),
    ("id_back", "身份证国徽面", True),
)


def materials_for(kind: str) -> tuple[tuple[str, str, bool], ...]:
    return ENTERPRISE_MATERIALS if kind == "enterprise" else PERSON_MATERIALS


def required_slots(kind: str) -> set[str]:
    return {code for code, _label, required in materials_for(kind) if required}


def kinds_for(kind: str) -> tuple[str, ...]:
    return ENTERPRISE_KINDS if kind == "enterprise" else PERSON_KINDS
