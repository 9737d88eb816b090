"""Face checks (人脸识别): created for a subject (name + ID), completed by the provider, consumed once.

A check is bound to the browser that created it (``client_binding`` = SHA-256 of its CSRF cookie),
so a passed check cannot be replayed from another device. Valid 5 minutes, single use.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update
from sqlalchemy.orm import Session

from eseal.platform.core import (
    NotFound,
    PlatformError,
    Services,
    affected_rows,
    audit,
    constant_eq,
    mask_id,
    mask_name,
    new_token,
)
from eseal.platform.identity.models import FaceCheck
from eseal.platform.identity.serializers import FaceCheckView

FACE_TTL = timedelta(minutes=5)
PURPOSES = ("login", "reset_password", "enterprise_entry", "willingness", "role_switch", "reclaim", "realname")


def create_check(db: Session, svc: Services, *, purpose: str, name: str, id_type: str, id_number: str,
                 account_id: int | None, client_binding: str, ref: str | None = None, return_url: str = "",
                 ip: str | None = None) -> FaceCheck:
    now = svc.clock.now()
    check_id = "fc_" + new_token(18)
    start = svc.providers.face.start(check_id=check_id, name=name, id_type=id_type, id_number=id_number,
                                     return_url=return_url)
    check = FaceCheck(id=check_id, purpose=purpose, ref=ref, account_id=account_id, subject_name=name,
                      subject_id_type=id_type, subject_id_key=svc.pii.blind_index(id_type, id_number),
                      subject_id_masked=mask_id(id_number), client_binding=client_binding,
                      provider=svc.providers.face.name, provider_ref=start.provider_ref, verify_url=start.verify_url,
                      status="pending", created_at=now, expires_at=now + FACE_TTL)
    db.add(check)
    audit.record(db, now, "face.check.created", actor=account_id, subject=f"face:{check_id}", ip=ip,
                 purpose=purpose, provider=check.provider)
    db.flush()
    return check


def get_check(db: Session, svc: Services, check_id: str, client_binding: str) -> FaceCheck:
    check = db.get(FaceCheck, check_id) if check_id else None
    if check is None or not constant_eq(check.client_binding, client_binding):
        raise NotFound("人脸识别记录不存在", "face_check_id")
    refresh(db, svc, check)
    return check


def status_of(svc: Services, check: FaceCheck) -> str:
    if check.status == "pending" and check.expires_at <= svc.clock.now():
        return "expired"
    return check.status


def refresh(db: Session, svc: Services, check: FaceCheck) -> None:
    """Poll a real provider for a pending check (the dev simulator writes results directly)."""
    if check.status != "pending" or svc.providers.face.simulated or check.expires_at <= svc.clock.now():
        return
    result = svc.providers.face.result(check.provider_ref or "")
    if result.status in ("passed", "failed"):
        complete(db, svc, check, result.status == "passed", score=result.score)


def complete(db: Session, svc: Services, check: FaceCheck, passed: bool, *, score: str | None = None,
             ip: str | None = None) -> None:
    now = svc.clock.now()
    if check.status != "pending" or check.expires_at <= now:
        raise PlatformError("face_check_closed", "人脸识别已结束或已超时", "face_check_id")
    check.status = "passed" if passed else "failed"
    check.score = score
    check.completed_at = now
    audit.record(db, now, "face.check.completed", actor=check.account_id, subject=f"face:{check.id}", ip=ip,
                 purpose=check.purpose, passed=passed, simulated=svc.providers.face.simulated)


def consume(db: Session, svc: Services, check_id: str | None, *, purpose: str, client_binding: str,
            account_id: int | None = None, id_number: str | None = None, ref: str | None = None,
            field: str = "face_check_id") -> FaceCheck:
    """Use a passed check exactly once for ``purpose`` (and the given account / ID / ref)."""
    if not check_id:
        raise PlatformError("face_not_passed", "请先完成人脸识别", field)
    check = db.get(FaceCheck, check_id)
    if check is None or not constant_eq(check.client_binding, client_binding):
        raise PlatformError("face_not_passed", "人脸识别记录不存在", field)
    refresh(db, svc, check)
    now = svc.clock.now()
    if check.purpose != purpose or (account_id is not None and check.account_id != account_id) or (
            id_number is not None and check.subject_id_key != svc.pii.blind_index(check.subject_id_type, id_number)) \
            or (ref is not None and check.ref != ref):
        raise PlatformError("face_not_passed", "人脸识别记录与当前操作不符", field)
    if check.consumed_at is not None:
        raise PlatformError("face_not_passed", "人脸识别结果已使用，请重新识别", field)
    if check.status != "passed":
        raise PlatformError("face_not_passed", "人脸识别未通过", field)
    if now - (check.completed_at or check.created_at) > FACE_TTL:
        raise PlatformError("face_not_passed", "人脸识别已超时，请重新识别", field)
    done = db.execute(update(FaceCheck).where(FaceCheck.id == check.id, FaceCheck.consumed_at.is_(None))
                      .values(consumed_at=now).execution_options(synchronize_session=False))
    if affected_rows(done) != 1:  # a concurrent request used it first
        raise PlatformError("face_not_passed", "人脸识别结果已使用，请重新识别", field)
    check.consumed_at = now
    return check


def view(svc: Services, check: FaceCheck) -> FaceCheckView:
    return FaceCheckView(face_check_id=check.id, status=status_of(svc, check), purpose=check.purpose,
                         provider=check.provider, simulated=svc.providers.face.simulated,
                         subject_name_masked=mask_name(check.subject_name), verify_url=check.verify_url,
                         expires_at=check.expires_at.isoformat())


def get_dev_check(db: Session, check_id: str, client_binding: str) -> FaceCheck:
    """A check of the development simulator, only for the browser that made it (the /dev/face pages)."""
    check = db.get(FaceCheck, check_id)
    if check is None or not constant_eq(check.client_binding, client_binding) or check.provider != "dev":
        raise NotFound("人脸识别记录不存在")
    return check
