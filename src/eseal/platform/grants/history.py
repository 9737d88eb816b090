"""The history of a grant (create, accept, change, revoke) and of every use under it (document, instant, acting
person, use number, remaining count), and the same as CSV (UTF-8 with BOM, so that spreadsheet programs read the
Chinese headers)."""

from __future__ import annotations

import csv
import io

from sqlalchemy import select

from eseal.platform.accounts import Actor
from eseal.platform.core import DbSession, Services
from eseal.platform.grants.models import Grant, GrantEvent
from eseal.platform.grants.serializers import GrantHistory, event_view, grant_view
from eseal.platform.grants.service import list_grants, managed_grant

CSV_HEADER = ("授权编号", "类型", "姓名", "证件号码", "部门", "状态", "时间", "事件", "操作人", "文档编号", "签章编号",
              "印章编号", "使用序号", "剩余次数")


def _history(db: DbSession, svc: Services, grant: Grant) -> GrantHistory:
    events = db.scalars(select(GrantEvent).where(GrantEvent.grant_id == grant.id).order_by(GrantEvent.id))
    return GrantHistory(grant=grant_view(db, grant, svc.clock.now()),
                        events=tuple(event_view(db, e) for e in events))


def grant_history(db: DbSession, svc: Services, *, actor: Actor, grant_id: int | str) -> GrantHistory:
    return _history(db, svc, managed_grant(db, svc, actor, grant_id))


def _rows(history: GrantHistory) -> list[list[object]]:
    g = history.grant
    out: list[list[object]] = []
    for e in history.events:
        out.append([g.id, g.role_label, g.person_name, g.id_number_masked or "", g.department or "", g.state_label,
                    e.at, e.action_label, e.actor_name or "", e.document_id or "", e.signing_id or "", e.seal_id or "",
                    e.use_number or "", "不限" if e.remaining is None else e.remaining])
    return out


def history_csv(db: DbSession, svc: Services, *, actor: Actor, grant_id: int | str | None = None,
                role: str = "grantee") -> bytes:
    """One grant's history, or (``grant_id`` None) the history of every grant of ``role`` the actor manages."""
    if grant_id is not None:
        histories = [grant_history(db, svc, actor=actor, grant_id=grant_id)]
    else:
        ids = [g.id for g in list_grants(db, svc, actor=actor, role=role).grants]
        histories = [grant_history(db, svc, actor=actor, grant_id=i) for i in ids]
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(CSV_HEADER)
    for history in histories:
        writer.writerows(_rows(history))
    return ("\ufeff" + buf.getvalue()).encode("utf-8")
