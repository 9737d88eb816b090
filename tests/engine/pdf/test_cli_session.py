"""The README "Command-line session", run for real: `eseal ca init`, `seal make`, `sign` (single, multi,
seam; GM and PAdES) and `verify --ca DIR`, which must come out TOTAL_PASSED with all 8 GM items passing
(time stamp included: SM2/SM3 tokens are checked by pki.tsa, not pyHanko). Then a revoked seal: signing
with it against the CA is refused, a signature made without the CA check verifies TOTAL_FAILED/REVOKED.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest

from eseal.cli import main

pytestmark = pytest.mark.slow  # ~15 s: a CA, three seals, ten signatures, a dozen verifications

# What people look at (the report pages as PNG); the session's own files live in a directory of the test process.
OUTPUT = Path(__file__).resolve().parents[3] / "test-output" / "pdf-cli-session"
ESEAL = Path(sys.executable).with_name("eseal")


@pytest.fixture(scope="session")
def session_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The session's CA, seals and signed files, made once per test process in a directory of its own: under
    ``pytest -n N`` every worker that runs a test of this file makes its own (one shared directory, emptied by
    whichever worker came second, failed the other worker's tests midway)."""
    root = tmp_path_factory.mktemp("pdf-cli-session")
    p = pikepdf.new()
    for _ in range(3):
        p.add_blank_page()
    p.save(root / "contract.pdf")
    ca = str(root / "ca")
    company = ["--kind", "contract", "--name", "测试科技有限公司", "--code", "91350100M000100Y43"]
    steps = [
        ["ca", "init", ca],
        ["seal", "make", "--ca", ca, *company, "--out", str(root / "seals/contract")],
        ["seal", "make", "--ca", ca, "--kind", "legal-rep", "--name", "张三", "--id-number", "11010519491231002X",
         "--out", str(root / "seals/rep")],
        ["seal", "make", "--ca", ca, *company, "--family", "ecdsa", "--out", str(root / "seals/contract-ecdsa")],
        ["sign", "contract.pdf", "signed-1.pdf", "--seal", "seals/contract", "--ca", ca],
        ["sign", "signed-1.pdf", "signed-2.pdf", "--seal", "seals/rep", "--page", "3", "--x", "120", "--y", "220",
         "--ca", ca],
        ["sign", "signed-2.pdf", "signed-3.pdf", "--seal", "seals/contract", "--mode", "multi", "--pages", "1-2",
         "--x", "20", "--y", "20", "--ca", ca],
        ["sign", "signed-3.pdf", "signed-4.pdf", "--seal", "seals/contract", "--mode", "seam", "--ca", ca],
        ["sign", "contract.pdf", "pades.pdf", "--seal", "seals/contract-ecdsa", "--profile", "pades", "--ca", ca],
    ]
    for argv in steps:
        argv = [str(root / a) if a.endswith(".pdf") or a.startswith("seals/") else a for a in argv]
        assert main(argv) == 0, argv
    return root


def _verify_json(path: Path, *extra: str, capsys) -> tuple[int, dict]:  # type: ignore[no-untyped-def]
    capsys.readouterr()
    code = main(["verify", str(path), "--json", *extra])
    return code, json.loads(capsys.readouterr().out)


@pytest.mark.parametrize(("name", "count"), [("signed-1", 1), ("signed-2", 2), ("signed-3", 3), ("signed-4", 4)])
def test_gm_session_files_pass_all_eight_items(session_dir, name, count, capsys):
    r = session_dir
    code, rep = _verify_json(r / f"{name}.pdf", "--ca", str(r / "ca"), capsys=capsys)
    assert rep["indication"] == "TOTAL_PASSED", rep["message"]
    assert code == 0
    assert len(rep["signatures"]) == count
    for sig in rep["signatures"]:
        assert sig["indication"] == "TOTAL_PASSED"
        items = {i["code"]: i for i in sig["items"]}
        assert len(items) == 8
        assert {i["status"] for i in items.values()} == {"pass"}, [i["reason"] for i in items.values()]
        assert "SM2 Time-Stamping Authority" in items["timestamp"]["reason"]
        assert sig["times"]["proven"] is not None


def test_pades_session_file_passes_with_timestamp(session_dir, capsys):
    r = session_dir
    code, rep = _verify_json(r / "pades.pdf", "--ca", str(r / "ca"), capsys=capsys)
    assert (code, rep["indication"]) == (0, "TOTAL_PASSED")
    items = {i["code"]: i["status"] for i in rep["signatures"][0]["items"]}
    assert items["timestamp"] == "pass"
    # no GB/T 38540 seal object inside a PAdES CMS: these three are not applicable, nothing fails
    assert {k for k, v in items.items() if v != "pass"} == {"seal_format", "seal_validity", "certificate"}
    assert set(items.values()) <= {"pass", "not_applicable"}


def test_real_binary_exit_codes(session_dir):
    """The installed `eseal` script, in a subprocess: exit 0 with the CA, not 0 without it."""
    r = session_dir
    ok = subprocess.run([str(ESEAL), "verify", str(r / "signed-4.pdf"), "--ca", str(r / "ca")],
                        capture_output=True, text=True, timeout=60)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "验证结论: TOTAL_PASSED" in ok.stdout
    assert "✗" not in ok.stdout and "? " not in ok.stdout
    bare = subprocess.run([str(ESEAL), "verify", str(r / "signed-1.pdf")], capture_output=True, text=True, timeout=60)
    assert bare.returncode != 0
    assert "时间戳签名有效，但时间戳服务机构" in bare.stdout  # token fine, TSA just not trusted here


def test_trust_store_reads_local_ca_directory(session_dir):
    from eseal.engine.pdf.verify.names import display_name
    from eseal.engine.pdf.verify.trust import TrustStore
    from eseal.engine.pki.ca import LocalCA

    r = session_dir
    store = TrustStore.from_directory(r / "ca")
    ca = LocalCA.open(r / "ca")
    want_roots = {c.dump() for f in ("sm2", "ecdsa") for c in ca.trust_roots(f)}
    assert {c.dump() for c in store.anchors} == want_roots
    assert len(store.anchors) == len(want_roots)  # chain.pem repeats the root: no duplicates
    helpers = {display_name(c.subject) for c in store.intermediates}
    assert any("SM2 Issuing CA" in h for h in helpers) and any("Time-Stamping" in h for h in helpers)
    assert {c.dump() for c in store.crls} == {c.dump() for f in ("sm2", "ecdsa") for c in ca.crls(f)}
    # nothing secret was taken for a certificate
    assert all(c.dump() not in (r / "ca" / "master.key").read_bytes() for c in store.intermediates)


def test_tampered_timestamp_token_fails(session_dir, capsys):
    """The checker really verifies the TSA signature: one flipped bit in the token's signature → FAIL."""
    from eseal.engine.pdf.verify.gm import _tsa_checker
    from eseal.engine.pdf.verify.trust import TrustStore
    from eseal.engine.ses.parse import parse_signature
    from eseal.engine.ses.verify import Status

    r = session_dir
    pdf = pikepdf.open(r / "signed-1.pdf")
    contents = bytes(pdf.Root.AcroForm.Fields[0].V.Contents)
    from eseal.engine.pdf.io.gm_format import trim_der

    sig = parse_signature(trim_der(contents))
    ctx = type("Ctx", (), {"trust": TrustStore.from_directory(r / "ca")})()
    seen: dict[str, str] = {}
    status, msg = _tsa_checker(ctx, seen)(sig.timestamp, sig.signature)
    assert status is Status.PASS and "SM2 Time-Stamping" in seen["tsa"]
    token = bytearray(sig.timestamp)
    token[-5] ^= 0x01  # inside the SignerInfo's SM2 signature value (last element of the token)
    status, msg = _tsa_checker(ctx, {})(bytes(token), sig.signature)
    assert status is Status.FAIL, msg
    status, msg = _tsa_checker(ctx, {})(sig.timestamp, sig.signature + b"x")
    assert status is Status.FAIL  # imprint no longer matches the signature value


def test_revoked_seal_refused_with_ca_and_revoked_when_signed_without(session_dir, capsys, tmp_path):
    r = session_dir
    ca = tmp_path / "ca"
    shutil.copytree(r / "ca", ca)
    shutil.copytree(r / "seals" / "rep", tmp_path / "rep")
    # a signature made before the revocation, time-stamped: stays valid afterwards
    assert main(["sign", str(r / "contract.pdf"), str(tmp_path / "before.pdf"), "--seal", str(tmp_path / "rep"),
                 "--ca", str(ca)]) == 0
    import time

    time.sleep(1.1)  # revocation strictly after the time stamp (1 s resolution)
    assert main(["ca", "revoke", "--ca", str(ca), str(tmp_path / "rep"), "--reason", "keyCompromise"]) == 0
    capsys.readouterr()

    # the signer has the CA and its CRL at hand: refuse instead of writing a signature born invalid
    code = main(["sign", str(r / "contract.pdf"), str(tmp_path / "after.pdf"), "--seal", str(tmp_path / "rep"),
                 "--ca", str(ca)])
    err = capsys.readouterr().err
    assert code == 2 and "吊销" in err and "拒绝签章" in err
    assert not (tmp_path / "after.pdf").exists()

    # without the CA at signing time (claimed time), the verifier catches it
    assert main(["sign", str(r / "contract.pdf"), str(tmp_path / "claimed.pdf"), "--seal", str(tmp_path / "rep"),
                 "--claimed-time"]) == 0
    code, rep = _verify_json(tmp_path / "claimed.pdf", "--ca", str(ca), capsys=capsys)
    assert rep["indication"] == "TOTAL_FAILED" and rep["sub_indication"] == "REVOKED"
    assert code != 0
    # keyCompromise: the time-stamped signature from before the revocation is still proven good
    code, rep = _verify_json(tmp_path / "before.pdf", "--ca", str(ca), capsys=capsys)
    assert (code, rep["indication"]) == (0, "TOTAL_PASSED"), rep["message"]


def test_verify_writes_report(session_dir, capsys):
    import pypdfium2 as pdfium

    r = session_dir
    out = r / "report.pdf"
    assert main(["verify", str(r / "signed-4.pdf"), "--ca", str(r / "ca"), "--report", str(out)]) == 0
    doc = pdfium.PdfDocument(str(out))
    assert len(doc) >= 2
    text = "".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    assert "电子签章验证报告" in text and "验证通过" in text and "时间戳有效性" in text
    assert "张三" in text and "无法确定" not in text.split("签名 1")[0]
    OUTPUT.mkdir(parents=True, exist_ok=True)
    doc[0].render(scale=1.5).to_pil().save(OUTPUT / "report-page1.png")
    doc[1].render(scale=1.5).to_pil().save(OUTPUT / "report-page2.png")


def test_pades_on_top_of_gm_signatures_is_quiet_and_verifies(session_dir, capsys, tmp_path):
    """A PAdES seal added to the GM-signed session file: no pyHanko traceback on stderr, all 5 pass."""
    r = session_dir
    out = tmp_path / "mixed.pdf"
    # a real process: under pytest the logging plugin would swallow what a user sees on stderr
    done = subprocess.run([str(ESEAL), "sign", str(r / "signed-4.pdf"), str(out), "--seal",
                           str(r / "seals/contract-ecdsa"), "--profile", "pades", "--ca", str(r / "ca")],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stderr == "", done.stderr
    code, rep = _verify_json(out, "--ca", str(r / "ca"), capsys=capsys)
    assert (code, rep["indication"]) == (0, "TOTAL_PASSED"), rep["message"]
    assert [s["profile"] for s in rep["signatures"]] == ["gm-ses"] * 4 + ["pades"]
