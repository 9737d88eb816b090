"""The verification report as an evidence object: `eseal ca init` makes the platform report seal,
`eseal verify --report --ca DIR` signs the report with it (GM profile, the CA's SM2 TSA), the signed
report itself verifies TOTAL_PASSED, and the stamp sits on page 1 without covering any text."""

from __future__ import annotations

import shutil
from pathlib import Path

import pikepdf
import pytest

from eseal.cli import main
from eseal.engine.pdf.report.model import Indication
from eseal.engine.pdf.report.seal import PLATFORM_SEAL_DIR, REPORT_SEAL_NAME
from eseal.engine.pdf.verify.trust import TrustStore
from eseal.engine.pdf.verify.verifier import verify_pdf

OUT = Path(__file__).resolve().parents[3] / "test-output" / "report-seal"


@pytest.fixture(scope="module")
def session(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("report-seal")
    p = pikepdf.new()
    p.add_blank_page()
    p.save(root / "contract.pdf")
    ca = str(root / "ca")
    assert main(["ca", "init", ca]) == 0
    assert main(["seal", "make", "--ca", ca, "--kind", "contract", "--name", "测试科技有限公司", "--code",
                 "91350100M000100Y43", "--out", str(root / "contract-seal")]) == 0
    assert main(["sign", str(root / "contract.pdf"), str(root / "signed.pdf"), "--seal", str(root / "contract-seal"),
                 "--ca", ca]) == 0
    return root


def test_ca_init_makes_the_platform_report_seal(session: Path) -> None:
    from asn1crypto import x509

    from eseal.engine import ses
    from eseal.engine.pki.ca import LocalCA
    from eseal.engine.ses.sealdir import open_seal_dir

    ca = LocalCA.open(session / "ca")
    sd = open_seal_dir(session / "ca" / PLATFORM_SEAL_DIR)
    assert sd.manifest["seal_name"] == REPORT_SEAL_NAME and sd.manifest["family"] == "sm2"
    assert sd.manifest["key_protection"] == "ca-master-key"
    key_file = sd.path / sd.manifest["key_file"]
    assert key_file.stat().st_mode & 0o077 == 0 and b"PRIVATE KEY" not in key_file.read_bytes()
    seal = ses.parse_seal(sd.seal_der)
    assert seal.info.name == REPORT_SEAL_NAME and seal.info.seal_type == 99 and seal.format == ses.FORMAT_V4
    cert = x509.Certificate.load(sd.cert_der)
    assert cert.issuer == ca.certificate("sm2", "issuing").subject
    assert cert.subject.native["organization_name"] == ca.manifest["organization"]
    assert ca.chain_for(cert)[1:] == [ca.certificate("sm2", "issuing"), ca.certificate("sm2", "root")]
    assert sd.signer(master_key=ca.keystore.master_key).public_key_info.dump() == cert.public_key.dump()


def _page1_widget_rect(pdf: Path) -> tuple[float, float, float, float]:
    with pikepdf.open(pdf) as p:
        widgets = [a for a in p.pages[0].get("/Annots", []) if a.get("/Subtype") == "/Widget" and "/AP" in a]
        assert len(widgets) == 1
        return tuple(float(v) for v in widgets[0].Rect)  # type: ignore[return-value]


def test_verify_report_is_signed_with_the_platform_seal(session: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import pypdfium2 as pdfium

    ca = str(session / "ca")
    report = session / "report.pdf"
    capsys.readouterr()
    assert main(["verify", str(session / "signed.pdf"), "--ca", ca, "--report", str(report)]) == 0
    assert "未签章" not in capsys.readouterr().err

    check = verify_pdf(report.read_bytes(), trust=TrustStore.from_directory(ca))
    assert check.indication is Indication.TOTAL_PASSED
    (sig,) = check.signatures
    assert sig.profile == "gm-ses" and sig.seal is not None and sig.seal.name == REPORT_SEAL_NAME
    assert sig.times.proven is not None, "time-stamped by the CA's TSA"
    assert sig.coverage is not None and sig.coverage.covers_whole_file
    assert main(["verify", str(report), "--ca", ca]) == 0  # the CLI says TOTAL_PASSED too

    # the stamp is on page 1, bottom right, visible and clear of every character of the page
    x0, y0, x1, y1 = _page1_widget_rect(report)
    doc = pdfium.PdfDocument(str(report))
    doc.init_forms()
    page = doc[0]
    pw, ph = page.get_size()
    assert x1 > pw * 0.7 and y0 < ph * 0.3, "bottom right"
    tp = page.get_textpage()
    text = tp.get_text_range()
    assert "报告编号" in text and check.signatures and "电子签章验证报告" in text
    for i in range(tp.count_chars()):
        cx0, cy0, cx1, cy1 = tp.get_charbox(i)
        if cx1 <= cx0 or cy1 <= cy0:
            continue  # spaces, line breaks
        assert cx1 <= x0 or cx0 >= x1 or cy1 <= y0 or cy0 >= y1, f"character {i} under the seal"
    scale = 2.0
    img = page.render(scale=scale, may_draw_forms=True).to_pil().convert("RGB")
    OUT.mkdir(parents=True, exist_ok=True)
    img.save(OUT / "signed-report-page1.png")
    box = (int(x0 * scale), int((ph - y1) * scale), int(x1 * scale), int((ph - y0) * scale))
    px = img.crop(box).tobytes()
    red = sum(1 for i in range(0, len(px), 3) if px[i] > 180 and px[i + 1] < 90 and px[i + 2] < 90)
    assert red > 0.05 * (box[2] - box[0]) * (box[3] - box[1]), "the seal face is drawn"


def test_old_ca_directory_gets_its_platform_seal_on_first_use(session: Path, tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    ca = tmp_path / "old-ca"
    shutil.copytree(session / "ca", ca)
    shutil.rmtree(ca / PLATFORM_SEAL_DIR)  # as made before the platform seal existed
    report = tmp_path / "report.pdf"
    assert main(["verify", str(session / "signed.pdf"), "--ca", str(ca), "--report", str(report)]) == 0
    assert (ca / PLATFORM_SEAL_DIR / "seal.json").is_file()
    assert "未签章" not in capsys.readouterr().err
    check = verify_pdf(report.read_bytes(), trust=TrustStore.from_directory(ca))
    assert check.indication is Indication.TOTAL_PASSED and check.signatures[0].seal.name == REPORT_SEAL_NAME
    assert not [p for p in ca.iterdir() if p.name.endswith(".tmp")], "no scratch directory left behind"


def test_report_without_a_seal_is_unsigned_and_says_so(session: Path, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    report = tmp_path / "report.pdf"
    capsys.readouterr()
    main(["verify", str(session / "signed.pdf"), "--report", str(report)])  # no --ca: INDETERMINATE, exit 2
    err = capsys.readouterr().err
    assert "验证报告未签章" in err
    check = verify_pdf(report.read_bytes())
    assert check.signatures == [] and check.sub_indication is not None
    assert check.sub_indication.value == "NO_SIGNATURE"


def test_report_seal_option_chooses_another_seal(session: Path, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    ca = str(session / "ca")
    report = tmp_path / "report.pdf"
    assert main(["verify", str(session / "signed.pdf"), "--ca", ca, "--report", str(report),
                 "--report-seal", str(session / "contract-seal")]) == 0
    check = verify_pdf(report.read_bytes(), trust=TrustStore.from_directory(ca))
    assert check.indication is Indication.TOTAL_PASSED
    assert check.signatures[0].seal.name == "测试科技有限公司合同专用章"
    capsys.readouterr()
    assert main(["verify", str(session / "signed.pdf"), "--ca", ca, "--report", str(tmp_path / "x.pdf"),
                 "--report-seal", str(tmp_path / "no-such-seal")]) == 2
    assert "报告印章目录不可用" in capsys.readouterr().err
