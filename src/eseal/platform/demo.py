"""Idempotent demo data for ``eseal demo`` / ``make run`` and for tests (fixture ``demo_data``).

All identifiers are syntactically valid (GB 32100 / GB 11643 check characters) but fictitious. The demo enterprise is
the first entry of the development business registry (``identity.providers.DEV_REGISTRY``), so it passes the
simulated registry check; its legal representative is seeded as face-verified for it (as after a §3.2 entry), so
the enterprise is in 张示范's 切换角色 list from the start.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from sqlalchemy import select

from eseal.engine.ids import validate_citizen_id, validate_credit_code
from eseal.platform.accounts import (
    KIND_ENTERPRISE,
    KIND_PERSON,
    Account,
    Actor,
    id_key,
    legal_rep_id_columns,
    person_id_columns,
)
from eseal.platform.core import DbSession, Services, audit, hash_password
from eseal.platform.documents.business import seed_samples
from eseal.platform.documents.samples import Sample
from eseal.platform.identity.providers import DEV_REGISTRY
from eseal.platform.seals import IssueRequest, held_kinds, issue_seals

_REGISTERED = DEV_REGISTRY[0]


@dataclass(frozen=True)
class DemoData:
    enterprise_name: str = _REGISTERED.name
    credit_code: str = _REGISTERED.credit_code
    enterprise_password: str = "Demo12345"  # noqa: S105 - published demo credential
    enterprise_phone: str = "13800000001"
    legal_rep_name: str = _REGISTERED.legal_rep_name
    legal_rep_id_number: str = "450103199001011238"
    legal_rep_phone: str = "13800000002"
    legal_rep_password: str = "Demo12345"  # noqa: S105 - published demo credential
    person_name: str = "李示例"
    person_id_number: str = "45010219920520342X"
    person_phone: str = "13800000003"
    person_password: str = "Demo12345"  # noqa: S105 - published demo credential
    verification_password: str = "246810"  # noqa: S105 - published demo credential

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


DEMO = DemoData()


# real issued seals of the demo accounts (platform CA, keystore, SESeal): the enterprise's 企业法定名称章 and
# 合同专用章, the person's 个人方章; the other kinds stay free to apply for
DEMO_ENTERPRISE_SEALS = ("legal_name", "contract")
DEMO_PERSON_SEALS = ("personal_square",)

# business documents (业务文档) sent to the demo accounts by the manual's sources, waiting for their seal
DEMO_ENTERPRISE_DOCUMENTS = (
    Sample("yichuangtong", "企业开办", "企业开办登记申请书",
           ("申请事项：设立登记", "登记机关：南宁市市场监督管理局", "经营范围：软件开发；信息技术咨询服务",
            "注册资本：人民币壹佰万元整", "申请人承诺所提交材料真实有效。")),
    Sample("gx_water_gas", "供水供气", "供水供气服务合同",
           ("供水方：南宁市供水有限公司", "用水地址：南宁市青秀区民族大道 100 号", "用水性质：非居民生活用水",
            "合同期限：三年，期满自动续期", "双方同意按本合同条款履行各自义务。")),
    Sample("gx_port_dg", "港口危货", "港口危险货物作业申报表",
           ("作业港区：钦州港大榄坪港区", "货物名称：工业用乙醇（UN1170，第 3 类）", "作业方式：船—罐车直取",
            "作业时间：2026 年 12 月 10 日", "申报单位对申报内容的真实性负责。")),
)
DEMO_PERSON_DOCUMENTS = (
    Sample("gx_realestate", "不动产登记", "不动产登记申请表",
           ("登记类型：国有建设用地使用权及房屋所有权转移登记", "不动产坐落：南宁市西乡塘区大学东路 8 号",
            "不动产单元号：450107 001001 GB00001 F00010001", "申请人声明所填内容真实、合法。")),
    Sample("guihuinong", "涉农补贴", "耕地地力保护补贴申请表",
           ("补贴年度：2026 年", "承包面积：5.2 亩", "补贴标准：每亩 105 元", "申请人确认上述信息真实无误。")),
)


def seed_demo(svc: Services, demo: DemoData = DEMO, *, seals: bool = True, documents: bool = True) -> dict[str, int]:
    """Create the demo enterprise, its legal representative and one person, (``seals``) their seals and
    (``documents``) their business documents; skips existing rows, seal kinds already held and documents made."""
    validate_credit_code(demo.credit_code)
    validate_citizen_id(demo.legal_rep_id_number)
    validate_citizen_id(demo.person_id_number)
    ids: dict[str, int] = {}
    with svc.session() as db:
        now = svc.clock.now()
        ent = db.scalar(select(Account).where(Account.credit_code == demo.credit_code))
        if ent is None:
            ent = Account(kind=KIND_ENTERPRISE, created_at=now, status="active", phone=demo.enterprise_phone,
                          password_hash=hash_password(demo.enterprise_password),
                          verification_password_hash=hash_password(demo.verification_password),
                          legal_type="enterprise", enterprise_name=demo.enterprise_name, credit_code=demo.credit_code,
                          legal_rep_name=demo.legal_rep_name, realname_verified=False, legal_rep_face_verified_at=now,
                          **legal_rep_id_columns(svc, demo.legal_rep_id_number))
            db.add(ent)
            db.flush()
            audit.record(db, now, "account.registered", actor=ent.id, subject=f"account:{ent.id}", kind="enterprise",
                         demo=True)
        ids["enterprise_id"] = ent.id
        for key, name, number, phone, password in (
            ("legal_rep_id", demo.legal_rep_name, demo.legal_rep_id_number, demo.legal_rep_phone,
             demo.legal_rep_password),
            ("person_id", demo.person_name, demo.person_id_number, demo.person_phone, demo.person_password),
        ):
            person = db.scalar(select(Account).where(Account.id_key == id_key(svc, "resident_id", number)))
            if person is None:
                person = Account(kind=KIND_PERSON, created_at=now, status="active", phone=phone, login_phone=phone,
                                 password_hash=hash_password(password),
                                 verification_password_hash=hash_password(demo.verification_password),
                                 person_name=name, realname_verified=True,
                                 **person_id_columns(svc, "resident_id", number))
                db.add(person)
                db.flush()
                audit.record(db, now, "account.registered", actor=person.id, subject=f"account:{person.id}",
                             kind="person", demo=True)
            ids[key] = person.id
        if seals:
            _seed_seals(db, svc, demo, ent, db.get(Account, ids["person_id"]))
        if documents:
            seed_samples(db, svc, account_id=ent.id, holder=demo.enterprise_name, samples=DEMO_ENTERPRISE_DOCUMENTS)
            seed_samples(db, svc, account_id=ids["person_id"], holder=demo.person_name, samples=DEMO_PERSON_DOCUMENTS)
    return ids


def _seed_seals(db: DbSession, svc: Services, demo: DemoData, ent: Account, person: Account | None) -> None:
    held = held_kinds(db, ent.id)
    kinds = tuple(k for k in DEMO_ENTERPRISE_SEALS if k not in held)
    if kinds:
        issue_seals(db, svc, actor=Actor(account=ent), request=IssueRequest(
            owner_account_id=ent.id, kinds=kinds, holder_name=demo.enterprise_name, credit_code=demo.credit_code,
            legal_rep_name=demo.legal_rep_name, legal_rep_id_number=demo.legal_rep_id_number))
    if person is not None:
        held = held_kinds(db, person.id)
        kinds = tuple(k for k in DEMO_PERSON_SEALS if k not in held)
        if kinds:
            issue_seals(db, svc, actor=Actor(account=person), request=IssueRequest(
                owner_account_id=person.id, kinds=kinds, holder_name=demo.person_name,
                id_number=demo.person_id_number, font="kai"))
