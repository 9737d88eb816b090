"""Shared by the golden JSON test and its corpus generator: how one corpus PDF is verified.

Everything that could vary between two runs is fixed here: the validation time (``now`` of each case,
and the same instant as pyHanko's validation clock, which otherwise reads the wall clock), the report
serial and the engine version. Trust material is read from files with ``TrustStore.from_directory``;
the seal-lifecycle answers come from the small hooks below.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus"
TRUST = HERE / "trust"
EXPECTED = HERE / "expected"
MANIFEST = HERE / "cases.json"

FIXED_SERIAL = "VR20000101GOLDEN0000"
FIXED_ENGINE_VERSION = "golden"


_NAMES = ("verify_pdf", "report_to_json", "TrustStore", "SealLifecycleStatus", "SealState")
_LEGACY = {  # the flat layout before R1 (the corpus was generated with it)
    "verify_pdf": "eseal.engine.pdf.verify", "report_to_json": "eseal.engine.pdf.report_json",
    "TrustStore": "eseal.engine.pdf.verify_trust", "SealLifecycleStatus": "eseal.engine.pdf.verify_trust",
    "SealState": "eseal.engine.pdf.verify_trust",
}


def api() -> Any:
    """The engine entry points, from the public face of eseal.engine.pdf (the flat modules before R1)."""
    import importlib
    from types import SimpleNamespace

    from eseal.engine import pdf

    if all(hasattr(pdf, n) for n in _NAMES):
        return pdf
    return SimpleNamespace(**{n: getattr(importlib.import_module(_LEGACY[n]), n) for n in _NAMES})


class LifecycleHook:
    """The platform's seal-lifecycle answer: a fixed state, or an outage (``state`` None)."""

    def __init__(self, state: str | None) -> None:
        self.state = state

    def seal_status_at(self, es_id: str, at: datetime) -> Any:
        pdf = api()
        if self.state is None:
            raise ConnectionError("platform database is down")
        return pdf.SealLifecycleStatus(pdf.SealState(self.state), reason="测试")


def load_cases() -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = json.loads(MANIFEST.read_text(encoding="utf-8"))
    return cases


def trust_for(name: str | None) -> Any:
    pdf = api()
    if not name:
        return pdf.TrustStore.empty()
    return pdf.TrustStore.from_directory(TRUST / name)


@contextlib.contextmanager
def pinned_pyhanko_clock(moment: datetime) -> Iterator[None]:
    """pyHanko's ValidationContext without an explicit ``moment`` validates at ``moment`` (not the wall clock)."""
    from pyhanko_certvalidator.context import ValidationContext

    original = ValidationContext.__init__

    def init(self: Any, *args: Any, **kwargs: Any) -> None:
        if kwargs.get("moment") is None and len(args) < 4:
            kwargs["moment"] = moment
        original(self, *args, **kwargs)

    ValidationContext.__init__ = init  # type: ignore[method-assign]
    try:
        yield
    finally:
        ValidationContext.__init__ = original  # type: ignore[method-assign]


def verify_case(case: dict[str, Any]) -> str:
    """The JSON the product writes for this case (fixed serial and engine version)."""
    pdf = api()
    now = datetime.fromisoformat(case["now"])
    lifecycle = LifecycleHook(case["lifecycle"]) if "lifecycle" in case else None
    data = (CORPUS / case["file"]).read_bytes()
    with pinned_pyhanko_clock(now):
        report = pdf.verify_pdf(data, trust=trust_for(case.get("trust")), lifecycle=lifecycle, now=now,
                                name=case["file"])
    report = dataclasses.replace(report, serial=FIXED_SERIAL, engine_version=FIXED_ENGINE_VERSION)
    text: str = pdf.report_to_json(report)
    return text + "\n"
