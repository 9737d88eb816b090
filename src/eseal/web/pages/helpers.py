"""Template helpers for the H5 pages: cache-busted static URLs, name masking, dev-provider flags."""

from __future__ import annotations

import hashlib
from functools import lru_cache

from fastapi import Request
from jinja2 import Environment

from eseal.platform.core import mask_name
from eseal.web.templating import STATIC_DIR


@lru_cache(maxsize=256)
def _static_version(path: str, mtime_ns: int) -> str:
    return hashlib.sha256((STATIC_DIR / path).read_bytes()).hexdigest()[:10]


def static_url(path: str) -> str:
    """``/static/<path>?v=<content hash>`` so browsers never run a stale script after an upgrade."""
    file = STATIC_DIR / path
    try:
        version = _static_version(path, file.stat().st_mtime_ns)
    except OSError:
        return f"/static/{path}"
    return f"/static/{path}?v={version}"


def mask_name_filter(name: str | None) -> str:
    """张三 → 张*: the pages never show a full legal-representative name next to masked IDs."""
    return mask_name(name) or ""


def face_is_simulated(request: Request) -> bool:
    """True when the face provider is the development simulator (shown as such on screen)."""
    services = getattr(request.app.state, "services", None)
    settings = getattr(services, "settings", None)
    return getattr(settings, "face_provider", "dev") == "dev"


def install(env: Environment) -> None:
    """Register the page helpers on the shared Jinja2 environment (idempotent)."""
    env.globals.setdefault("static_url", static_url)
    env.filters.setdefault("mask_name", mask_name_filter)
