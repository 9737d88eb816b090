"""Development-only routes (not mounted in production): SMS outbox, face simulator, OAuth simulator."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/dev", include_in_schema=False)
