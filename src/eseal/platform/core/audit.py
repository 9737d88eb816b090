"""Append-only, hash-chained audit log.

Each row stores ``prev_hash`` (the previous row's ``hash``; 64 zeros for the first row) and
``hash = HMAC-SHA-256(audit key, prev_hash || canonical JSON of the row's content)`` (``hash_version`` 2; the
audit key is derived from the master key, so someone who can write the database but lacks the key cannot rebuild
a shortened or edited chain). Rows written before migration 0004 are ``hash_version`` 1 (plain SHA-256) and still
verify; a version-1 row after a version-2 row is tampering. Truncating the newest rows AND rewinding
``audit_head`` is only caught against an anchor kept elsewhere: ``eseal audit anchor`` prints ``HASH:COUNT``,
``eseal audit verify --anchor HASH:COUNT`` checks the chain still contains it. Appends lock the single
``audit_head`` row (SELECT ... FOR UPDATE on PostgreSQL; SQLite serialises writers anyway), so the
chain stays linear under concurrency. Database triggers refuse UPDATE and DELETE on ``audit_log``.
``verify_chain`` recomputes everything and reports the first broken row (``eseal audit verify``).

Never put secrets (passwords, codes, tokens) into ``detail``.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy import event as sa_event
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.util import identity_key

from eseal.platform.core.models import AuditEntry, AuditHead

GENESIS = "0" * 64

# Event names → label shown in 认证记录 (Chinese).
EVENT_LABELS = {
    "account.registered": "注册",
    "login.success": "登录成功",
    "login.failure": "登录失败",
    "login.locked": "登录锁定",
    "logout": "退出登录",
    "password.reset": "重置密码",
    "password.changed": "修改密码",
    "verification_password.set": "设置核验密码",
    "sms.sent": "发送验证码",
    "face.check.created": "发起人脸识别",
    "face.check.completed": "人脸识别结果",
    "enterprise.entry": "法定代表人人脸识别",
    "willingness.created": "发起意愿认证",
    "willingness.satisfied": "意愿认证通过",
    "willingness.failed": "意愿认证失败",
    "willingness.consumed": "意愿认证使用",
    "role.switched": "切换角色",
    "oauth.bound": "绑定第三方账号",
    "oauth.unbound": "解绑第三方账号",
    "oauth.login": "第三方快捷登录",
    "phone.bound": "绑定手机号",
    "enterprise.reclaimed": "法定代表人认领单位账号",
    "realname.verified": "实名认证",
}


def canonical(entry_id: int, created_at: datetime, event: str, actor: int | None, subject: str | None,
              ip: str | None, detail: str) -> bytes:
    doc = {"id": entry_id, "at": created_at.isoformat(timespec="microseconds"), "event": event,
           "actor": actor, "subject": subject, "ip": ip, "detail": detail}
    return json.dumps(doc, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


AUDIT_KEY_INFO = "eseal_audit_key"
CURRENT_VERSION = 2


class AuditKeyMissing(RuntimeError):
    """Keyed (version 2) rows cannot be written or verified without the audit key."""


def audit_key(master_key: bytes) -> bytes:
    """The chain key: derived from the master key, used for nothing else."""
    return hmac.new(master_key, b"eseal audit chain v2", hashlib.sha256).digest()


def chain_hash(prev_hash: str, content: bytes, *, version: int = 1, key: bytes | None = None) -> str:
    if version == 1:
        return hashlib.sha256(prev_hash.encode("ascii") + content).hexdigest()
    if key is None:
        raise AuditKeyMissing("the audit key (from the master key) is needed for keyed audit rows")
    return hmac.new(key, prev_hash.encode("ascii") + content, hashlib.sha256).hexdigest()


def record(db: Session, now: datetime, event: str, *, actor: int | None = None, subject: str | None = None,
           ip: str | None = None, **detail: Any) -> None:
    """Queue one audit row in the caller's transaction; it is chained and written just before COMMIT.

    Why deferred: the chain head is locked (FOR UPDATE) only at the very end of the transaction, after
    every other row lock was taken, so appends cannot deadlock with other writers and the head is held
    for the shortest possible time. A rolled-back transaction leaves no audit row (nothing happened).
    """
    detail_json = json.dumps(detail, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    db.info.setdefault(_PENDING, []).append((now.astimezone(UTC), event, actor, subject, ip, detail_json))


_PENDING = "eseal_audit_pending"


def has_pending(db: Session) -> bool:
    """Whether ``db`` holds audit rows its next COMMIT will write."""
    return bool(db.info.get(_PENDING))


# the three statements of every append, built once (a statement built per call costs its construction and its cache
# key, ~0.1 ms each, on every writing request)
_HEAD_LOCKED = select(AuditHead.last_id, AuditHead.last_hash).where(AuditHead.id == 1).with_for_update()
_ROWS = insert(AuditEntry)
_HEAD_MOVED = (update(AuditHead).where(AuditHead.id == 1)
               .values(last_id=bindparam("new_id"), last_hash=bindparam("new_hash"))
               .execution_options(synchronize_session=False))


def _write_pending(db: Session) -> None:
    """The queued rows, chained: the head read (locked), the rows inserted in one statement, the head moved — three
    Core statements (on SQLite they run inside the write lock, which every writer waits for)."""
    pending = db.info.pop(_PENDING, None)
    if not pending:
        return
    key = db.info.get(AUDIT_KEY_INFO)
    if key is None:
        raise AuditKeyMissing("audit rows are written through Services sessions (they carry the audit key)")
    head = db.execute(_HEAD_LOCKED).one_or_none()
    last_id, last_hash = (head.last_id, head.last_hash) if head is not None else (0, GENESIS)
    rows = []
    for now, name, actor, subject, ip, detail_json in pending:
        entry_id = last_id + 1
        digest = chain_hash(last_hash, canonical(entry_id, now, name, actor, subject, ip, detail_json),
                            version=CURRENT_VERSION, key=key)
        rows.append({"id": entry_id, "created_at": now, "event": name, "actor_account_id": actor, "subject": subject,
                     "ip": ip, "detail": detail_json, "prev_hash": last_hash, "hash": digest,
                     "hash_version": CURRENT_VERSION})
        last_id, last_hash = entry_id, digest
    db.execute(_ROWS, rows)
    if head is None:  # pragma: no cover - seeded by the migration
        db.execute(insert(AuditHead).values(id=1, last_id=last_id, last_hash=last_hash))
    else:
        db.execute(_HEAD_MOVED, {"new_id": last_id, "new_hash": last_hash})
    loaded = db.identity_map.get(identity_key(AuditHead, 1))
    if loaded is not None:  # a head loaded in this session (anchor_of) shows the new values
        set_committed_value(loaded, "last_id", last_id)
        set_committed_value(loaded, "last_hash", last_hash)


@sa_event.listens_for(Session, "before_commit")
def _before_commit(db: Session) -> None:
    _write_pending(db)


@sa_event.listens_for(Session, "after_rollback")
def _after_rollback(db: Session) -> None:
    db.info.pop(_PENDING, None)


@dataclass
class ChainReport:
    ok: bool
    rows: int
    broken_id: int | None = None
    reason: str | None = None


def verify_chain(db: Session, batch: int = 1000, *, key: bytes | None = None,
                 anchor: tuple[str, int] | None = None) -> ChainReport:
    """Recompute the chain (``key``: the audit key; default the session's). With ``anchor`` (HASH, COUNT) from
    ``anchor_of`` kept outside the database, also check that row COUNT still exists with that hash."""
    key = key if key is not None else db.info.get(AUDIT_KEY_INFO)
    prev = GENESIS
    expected_id = 1
    count = 0
    last_id = 0
    keyed_seen = False
    anchor_seen = anchor is None or anchor[1] == 0
    while True:
        rows = db.scalars(select(AuditEntry).where(AuditEntry.id > last_id).order_by(AuditEntry.id).limit(batch)).all()
        if not rows:
            break
        for row in rows:
            count += 1
            if row.id != expected_id:
                return ChainReport(False, count, expected_id, f"row {expected_id} is missing")
            if row.prev_hash != prev:
                return ChainReport(False, count, row.id, "prev_hash does not match the previous row")
            version = row.hash_version or 1
            if version not in (1, 2) or (version == 1 and keyed_seen):
                return ChainReport(False, count, row.id, "unkeyed row after keyed rows (chain rewritten)")
            keyed_seen = keyed_seen or version == 2
            content = canonical(row.id, row.created_at, row.event, row.actor_account_id, row.subject, row.ip,
                                row.detail)
            if version == 2 and key is None:
                return ChainReport(False, count, row.id, "keyed row: the master key is needed to verify it")
            if not hmac.compare_digest(chain_hash(prev, content, version=version, key=key), row.hash):
                return ChainReport(False, count, row.id, "content hash mismatch (row altered, or wrong master key)")
            if anchor is not None and row.id == anchor[1]:
                if not hmac.compare_digest(row.hash, anchor[0]):
                    return ChainReport(False, count, row.id, "row differs from the anchor (chain rewritten)")
                anchor_seen = True
            prev = row.hash
            expected_id += 1
            last_id = row.id
    head = db.get(AuditHead, 1)
    if head is not None and (head.last_id != last_id or head.last_hash != prev):
        return ChainReport(False, count, last_id + 1, "chain head points past the last row (rows deleted)")
    if not anchor_seen:
        assert anchor is not None
        return ChainReport(False, count, anchor[1], f"anchored row {anchor[1]} is missing (chain truncated)")
    return ChainReport(True, count)


def anchor_of(db: Session) -> tuple[str, int]:
    """(hash of the newest row, its id = number of rows): store it outside the database, e.g. daily."""
    head = db.get(AuditHead, 1)
    if head is None:
        return GENESIS, 0
    return head.last_hash, head.last_id


def parse_anchor(value: str) -> tuple[str, int]:
    digest, _, count = (value or "").strip().partition(":")
    if len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest) or not count.isdigit():
        raise ValueError("anchor must be HASH:COUNT (64 hex digits, a colon, the row count)")
    return digest, int(count)
