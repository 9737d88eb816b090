"""Pictures handed in for an enterprise's 注销 (cancellation materials): JPG/PNG by content, at most 5 MB,
re-encoded without metadata (the application materials' rules, ``applications.materials``), stored as blobs; the
cancellation then names them by SHA-256."""

from __future__ import annotations

from typing import BinaryIO

from eseal.platform.accounts import Actor
from eseal.platform.core import DbSession, PlatformError, Services, audit
from eseal.platform.seals.access import own_seal
from eseal.platform.seals.applications import materials
from eseal.platform.seals.lifecycle import CANCEL, next_state
from eseal.platform.storage import StoredBlob, store_blob


def upload_cancel_material(db: DbSession, svc: Services, *, actor: Actor, seal_id: int | str,
                           source: BinaryIO | bytes) -> StoredBlob:
    """Store one cancellation picture for the acting enterprise's seal (which must still be cancellable)."""
    seal = own_seal(db, actor, seal_id)
    next_state(seal.state, CANCEL)
    if not actor.acting_as and not actor.user.is_enterprise:
        raise PlatformError("seal.materials_not_needed", "个人印章注销无需上传材料", "file")
    clean, _thumb, content_type, _w, _h = materials.reencode(materials.read_limited(source))
    blob = store_blob(db, svc, actor=actor, data=clean, content_type=content_type)
    audit.record(db, svc.clock.now(), "seal.cancel_material", actor=actor.user.id, subject=f"seal:{seal.id}",
                 ip=actor.ip, sha256=blob.sha256)
    return blob
