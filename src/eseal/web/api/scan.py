"""扫码 (docs/api.md §4.13): a photo with a QR code, decoded on the server. Our report QR → the public report page;
a signing-task QR → the task (its access is checked when it is opened); anything else → a clear message."""

from __future__ import annotations

from fastapi import APIRouter, File, UploadFile

from eseal.platform.verification import ScanResult, scan_photo
from eseal.web.deps import ActorDep, DbDep, ServicesDep
from eseal.web.routing import UnitOfWorkRoute

router = APIRouter(route_class=UnitOfWorkRoute, tags=["verification"])


@router.post("/scan/photo", response_model=ScanResult)
def scan(db: DbDep, svc: ServicesDep, actor: ActorDep,
         file: UploadFile = File(..., description="a photo (JPG/PNG, ≤ 5 MB) with a QR code")) -> ScanResult:  # noqa: B008
    return scan_photo(db, svc, actor=actor, source=file.file)
