"""Long documents in the report (issue E3 #13, #15): an 800-page document with two multi-page seals gives a
report (no reportlab LayoutError), page lists are ranges everywhere, no text can break the layout, and a
verdict banner never sits alone at the bottom of a page."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest

from eseal.cli import main
from eseal.engine.pdf import TrustStore, render_report_pdf, verify_pdf

pytestmark = pytest.mark.slow

OUT = Path(__file__).resolve().parents[3] / "test-output" / "report-long"
ODD = "第 1、3、5、7、9、11、13、15、17、19、…、797、799 页（共 400 页）"


@pytest.fixture(scope="module")
def long_doc(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("long")
    p = pikepdf.new()
    for _ in range(800):
        p.add_blank_page(page_size=(595, 842))
    p.save(root / "in.pdf")
    assert main(["ca", "init", str(root / "ca")]) == 0
    assert main(["seal", "make", "--ca", str(root / "ca"), "--kind", "contract", "--name", "测试科技有限公司",
                 "--code", "91350100M000100Y43", "--out", str(root / "seal")]) == 0
    # the company seal on every page, then a second seal on every other page (ranges cannot merge those)
    assert main(["sign", str(root / "in.pdf"), str(root / "s1.pdf"), "--seal", str(root / "seal"),
                 "--mode", "multi", "--claimed-time"]) == 0
    odd = ",".join(str(n) for n in range(1, 801, 2))
    assert main(["sign", str(root / "s1.pdf"), str(root / "s2.pdf"), "--seal", str(root / "seal"), "--mode", "multi",
                 "--pages", odd, "--x", "20", "--y", "200", "--claimed-time"]) == 0
    return root


def _texts(pdf: bytes) -> list[str]:
    doc = pdfium.PdfDocument(pdf)
    return [doc[i].get_textpage().get_text_range() for i in range(len(doc))]


def test_800_pages_two_multi_page_seals_report_and_cli_use_ranges(long_doc: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    report = long_doc / "report.pdf"
    capsys.readouterr()
    assert main(["verify", str(long_doc / "s2.pdf"), "--ca", str(long_doc / "ca"), "--report", str(report)]) == 0
    out = capsys.readouterr().out
    assert ODD in out
    assert "1、2、3" not in out and "、798、" not in out
    text = "".join(_texts(report.read_bytes()))
    assert ODD in text.replace("\r", "").replace("\n", "")
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "report-800-pages.pdf").write_bytes(report.read_bytes())


def test_no_text_can_break_the_layout(long_doc: Path) -> None:
    r = verify_pdf(long_doc / "s2.pdf", trust=TrustStore.from_directory(long_doc / "ca"))
    huge = "第 " + "、".join(str(i) for i in range(1, 3000, 2)) + " 页"  # a list nobody shortened
    s0 = r.signatures[0]
    sig = dataclasses.replace(s0, message=huge, items=[dataclasses.replace(it, reason=huge) for it in s0.items])
    broken = dataclasses.replace(r, message=huge, signatures=[sig, *r.signatures[1:]],
                                 revisions=[dataclasses.replace(x, message=huge) for x in r.revisions],
                                 trust_anchors=[huge])
    pdf = render_report_pdf(broken)  # was: reportlab LayoutError (a table cell taller than a page)
    text = "".join(_texts(pdf))
    assert "完整内容见 JSON 报告" in text
    assert len(pdfium.PdfDocument(pdf)) < 30


def test_a_verdict_banner_never_ends_a_page(long_doc: Path) -> None:
    r = verify_pdf(long_doc / "s2.pdf", trust=TrustStore.from_directory(long_doc / "ca"))
    verdicts = ("TOTAL_PASSED", "TOTAL_FAILED", "INDETERMINATE")
    alone = []
    for k in range(40):  # push the layout down line by line: every break position is tried
        shifted = dataclasses.replace(r, trust_anchors=[f"信任锚{i}" * 30 for i in range(k)])
        for page, text in enumerate(_texts(render_report_pdf(shifted))):
            lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
            if lines and lines[-1].startswith(verdicts):
                alone.append((k, page + 1, lines[-1]))
    assert alone == []
