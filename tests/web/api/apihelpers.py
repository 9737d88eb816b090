"""Plain helpers for the API tests (a uniquely named module: several conftest.py files exist)."""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

from eseal.engine.ids import generate_citizen_id

_seq = itertools.count(100)


def new_phone() -> str:
    return f"139{next(_seq):08d}"


def new_id_number() -> str:
    seq = next(_seq) % 999 + 1
    return generate_citizen_id("450103", date(1988, 3, 14), seq, "M" if seq % 2 else "F")


def api_error(response: Any) -> dict[str, Any]:
    body = response.json()
    assert "error" in body, body
    return body["error"]


