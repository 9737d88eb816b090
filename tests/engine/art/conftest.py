"""Shared helpers for the seal-face tests: a signature fixture and PNG inspection."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
OUT = ROOT / "test-output" / "art"


@pytest.fixture(scope="session")
def out_dir() -> Path:
    OUT.mkdir(parents=True, exist_ok=True)
    return OUT


@pytest.fixture(scope="session")
def signature():
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from sample_strokes import signature as make
    finally:
        sys.path.pop(0)
    return make
