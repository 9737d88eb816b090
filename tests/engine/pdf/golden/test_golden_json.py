"""Golden JSON: every corpus PDF gives, byte for byte, the JSON report stored next to it.

The corpus (``corpus/*.pdf``), its trust material (``trust/``, CA certificates and CRLs only) and the
expected reports (``expected/*.json``) were written by ``make_corpus.py`` before R1 refactored and typed
the verification result: this test pins that refactoring changes no field, value, order or text of the
JSON schema 1.1 output. Validation time, report serial and engine version are fixed (see ``_golden``).
"""

from __future__ import annotations

import pytest
from _golden import EXPECTED, load_cases, verify_case

CASES = load_cases()


def test_golden_corpus_is_complete() -> None:
    names = [c["name"] for c in CASES]
    assert len(names) == len(set(names)) >= 15
    assert sorted(p.stem for p in EXPECTED.glob("*.json")) == sorted(names)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_golden_json_report_is_unchanged(case: dict) -> None:
    expected = (EXPECTED / f"{case['name']}.json").read_text(encoding="utf-8")
    assert verify_case(case) == expected
