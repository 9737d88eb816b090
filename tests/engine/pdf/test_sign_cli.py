"""`eseal sign` end to end in-process: LocalCA, `eseal seal make`, every mode, one-line errors (exit 2)."""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path

import pikepdf
import pytest
from _sign_fixtures import make_pdf

from eseal.cli import main

ROOT = Path(__file__).resolve().parents[3] / "test-output" / "pdf-sign-cli"


@cache
def _session() -> Path:
    """CA + SM2 and ECDSA seal directories, made through the real CLI once per test run."""
    import shutil

    shutil.rmtree(ROOT, ignore_errors=True)
    ROOT.mkdir(parents=True)
    assert main(["ca", "init", str(ROOT / "ca")]) == 0
    common = ["--ca", str(ROOT / "ca"), "--kind", "contract", "--name", "测试科技有限公司", "--code", "91350100M000100Y43"]
    assert main(["seal", "make", *common, "--out", str(ROOT / "seal-sm2")]) == 0
    assert main(["seal", "make", *common, "--family", "ecdsa", "--out", str(ROOT / "seal-ecdsa")]) == 0
    (ROOT / "in.pdf").write_bytes(make_pdf(4))
    return ROOT


def _sign(*extra: str, src: str = "in.pdf", out: str = "out.pdf") -> int:
    r = _session()
    return main(["sign", str(r / src), str(r / out), *extra])


def _fields(path: Path):
    pdf = pikepdf.open(io.BytesIO(path.read_bytes()))
    return [(f.V, list(f.Kids)) for f in pdf.Root.AcroForm.Fields], pdf


def test_cli_all_modes_successively_gm_and_pades(capsys):
    r = _session()
    seal = str(r / "seal-sm2")
    ca = str(r / "ca")
    assert _sign("--seal", seal, "--ca", ca, out="s1.pdf") == 0
    assert _sign("--seal", seal, "--ca", ca, "--page", "2", "--x", "20", "--y", "30", src="s1.pdf", out="s2.pdf") == 0
    assert _sign("--seal", seal, "--ca", ca, "--mode", "multi", "--pages", "1,3-4", src="s2.pdf", out="s3.pdf") == 0
    assert _sign("--seal", seal, "--mode", "seam", "--claimed-time", src="s3.pdf", out="s4.pdf") == 0
    assert "骑缝签章" in capsys.readouterr().out
    (fields, pdf) = _fields(r / "s4.pdf")
    assert [str(v["/ESeal.Mode"]) for v, _ in fields] == ["/single", "/single", "/multi", "/seam"]
    assert [len(k) for _, k in fields] == [1, 1, 3, 4]
    assert [str(v["/ESeal.TimeSource"]) for v, _ in fields] == ["/TSA", "/TSA", "/TSA", "/Claimed"]
    assert str(fields[0][0].Name) == "测试科技有限公司"
    # 40 mm seal from seal.json printed at 40 mm
    x0, _, x1, _ = (float(v) for v in fields[1][1][0].Rect)
    assert (x1 - x0) / 72 * 25.4 == pytest.approx(40.0, abs=0.01)
    assert (r / "s4.pdf").read_bytes().startswith((r / "s1.pdf").read_bytes())
    assert _sign("--seal", str(r / "seal-ecdsa"), "--profile", "pades", "--ca", ca, out="p1.pdf") == 0
    (fields, pdf) = _fields(r / "p1.pdf")
    assert fields[0][0].SubFilter == "/ETSI.CAdES.detached"
    assert "/DSS" in pdf.Root  # B-LT with the CA's CRLs


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--seal", "{r}/seal-sm2", "--claimed-time", "--page", "9"], "out of range"),
        (["--seal", "{r}/nope", "--claimed-time"], "印章目录不存在"),
        (["--seal", "{r}/ca", "--claimed-time"], "印章目录不可用"),
        (["--seal", "{r}/seal-sm2"], "--claimed-time"),
        (["--seal", "{r}/seal-sm2", "--claimed-time", "--max-size", "0.001"], "文件过大"),
        (["--seal", "{r}/seal-sm2", "--claimed-time", "--mode", "multi", "--pages", "3-x"], "--pages"),
        (["--seal", "{r}/seal-sm2", "--claimed-time", "--x", "10"], "--x 和 --y"),
        (["--seal", "{r}/seal-ecdsa", "--claimed-time"], "ecdsa"),
        (["--seal", "{r}/seal-sm2", "--claimed-time", "--mode", "seam", "--pages", "2"], "at least 2 pages"),
        (["--seal", "{r}/seal-sm2", "--claimed-time", "--mode", "seam", "--pages", "1,3"], "consecutive pages"),
        (["--seal", "{r}/seal-sm2", "--claimed-time", "--mode", "seam", "--x", "10", "--y", "20"], "不能指定 --x"),
        # non-finite numbers: wrote /Rect [NaN ...] with exit 0, or a traceback from int(nan)
        (["--seal", "{r}/seal-sm2", "--claimed-time", "--x", "nan", "--y", "nan"], "--x 必须是有限的数值"),
        (["--seal", "{r}/seal-sm2", "--claimed-time", "--x", "10", "--y", "inf"], "--y 必须是有限的数值"),
        (["--seal", "{r}/seal-sm2", "--claimed-time", "--max-size", "nan"], "--max-size 必须是大于 0"),
        (["--seal", "{r}/seal-sm2", "--claimed-time", "--max-size", "inf"], "--max-size 必须是大于 0"),
        (["--seal", "{r}/seal-sm2", "--claimed-time", "--max-size", "-1"], "--max-size 必须是大于 0"),
        # was OOM-killed materialising 1e11 page numbers
        (["--seal", "{r}/seal-sm2", "--claimed-time", "--mode", "multi", "--pages", "1-99999999999"], "beyond the limit"),
    ],
)
def test_cli_bad_input_one_line_exit_2(args, message, capsys):
    r = _session()
    rc = _sign(*[a.format(r=r) for a in args])
    err = capsys.readouterr().err
    assert rc == 2
    assert err.startswith("eseal: ") and err.count("\n") == 1 and message in err, err


def test_cli_not_a_pdf_and_encrypted(capsys):
    r = _session()
    (r / "text.pdf").write_text("not a pdf at all")
    assert _sign("--seal", str(r / "seal-sm2"), "--claimed-time", src="text.pdf") == 2
    assert "not a PDF" in capsys.readouterr().err
    enc = io.BytesIO()
    pikepdf.open(io.BytesIO(make_pdf(1))).save(enc, encryption=pikepdf.Encryption(owner="o", user="u"))
    (r / "enc.pdf").write_bytes(enc.getvalue())
    assert _sign("--seal", str(r / "seal-sm2"), "--claimed-time", src="enc.pdf") == 2
    assert "encrypted" in capsys.readouterr().err
    assert _sign("--seal", str(r / "seal-sm2"), "--claimed-time", src="missing.pdf") == 2
    assert "文件不存在" in capsys.readouterr().err


def test_cli_unreachable_tsa_fails_without_output(capsys):
    r = _session()
    rc = _sign("--seal", str(r / "seal-sm2"), "--tsa", "http://127.0.0.1:9/tsa", out="never.pdf")
    assert rc == 1
    assert "可信时间" in capsys.readouterr().err
    assert not (r / "never.pdf").exists()
