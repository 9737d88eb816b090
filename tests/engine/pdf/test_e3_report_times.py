"""One time zone for people (issue E3 #15): every time the report and the CLI show is Beijing time, labelled
北京时间, with hours and minutes: the seal validity window too (it was UTC dates in the item reason)."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest

from eseal.cli import main
from eseal.engine.pdf import TrustStore, bj_range, bj_time, render_report_pdf, verify_pdf

STAMP = re.compile(r"\d{4}-\d\d-\d\d(?: \d\d:\d\d:\d\d)?")


def test_beijing_formatters() -> None:
    at = datetime(2026, 12, 1, 21, 18, 33, tzinfo=UTC)
    assert bj_time(at) == "北京时间 2026-12-02 05:18:33"
    assert bj_time(None) == "—"
    assert bj_range(at, at.replace(year=2027)) == "北京时间 2026-12-02 05:18:33 至 2027-12-02 05:18:33"


@pytest.fixture(scope="module")
def signed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("times")
    assert main(["ca", "init", str(root / "ca")]) == 0
    assert main(["seal", "make", "--ca", str(root / "ca"), "--kind", "contract", "--name", "测试科技有限公司",
                 "--code", "91350100M000100Y43", "--out", str(root / "seal")]) == 0
    p = pikepdf.new()
    p.add_blank_page(page_size=(595, 842))
    p.save(root / "in.pdf")
    assert main(["sign", str(root / "in.pdf"), str(root / "signed.pdf"), "--seal", str(root / "seal"),
                 "--ca", str(root / "ca")]) == 0
    return root


def _unlabelled(text: str) -> list[str]:
    """Lines with a date or time not preceded by 北京时间 on the same line (JSON-like ISO times included)."""
    bad = []
    for line in text.splitlines():
        for m in STAMP.finditer(line):
            head = line[: m.start()]
            if "北京时间" not in head and not re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d 至 $", head):
                bad.append(line.strip())
    return bad


def test_report_and_cli_show_only_labelled_beijing_times(signed: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = verify_pdf(signed / "signed.pdf", trust=TrustStore.from_directory(signed / "ca"))
    (sig,) = report.signatures
    validity = next(it for it in sig.items if it.code.value == "seal_validity")
    assert bj_range(sig.seal.valid_start, sig.seal.valid_end) in validity.reason
    assert all("UTC" not in it.reason for it in sig.items)
    doc = pdfium.PdfDocument(render_report_pdf(report))
    text = "\n".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    # the summary table labels its time column once (签章时间（北京时间）); report serials hold a date
    assert "签章时间（北京时间）" in text
    text = "\n".join(ln for ln in text.splitlines()
                     if "报告编号" not in ln and "验证报告 VR" not in ln and not re.match(r"\d+ ESeal-\d+ ", ln))
    assert "北京时间" in text and _unlabelled(text) == []
    capsys.readouterr()
    main(["verify", str(signed / "signed.pdf"), "--ca", str(signed / "ca")])
    out = capsys.readouterr().out
    assert "+00:00" not in out and _unlabelled(out) == []
