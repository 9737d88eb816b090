"""[E3] #4 on the command line: ``eseal verify --soft-fail`` maps to ``VerificationPolicy.soft_fail()``
(a signer without any CRL/OCSP passes with a note instead of INDETERMINATE / TRY_LATER)."""

from __future__ import annotations

import json

from _verify_pki import base_pdf, gm_pki, sign_gm_pdf

from eseal.cli import main
from eseal.engine.pki import to_pem


def _files(tmp_path):
    pdf = tmp_path / "signed.pdf"
    pdf.write_bytes(sign_gm_pdf(base_pdf()))
    root = tmp_path / "root.pem"
    root.write_bytes(to_pem(gm_pki().root))  # the anchor only: no CRL for the signer anywhere
    return str(pdf), str(root)


def test_default_is_try_later_and_soft_fail_passes(tmp_path, capsys):
    pdf, root = _files(tmp_path)
    assert main(["verify", pdf, "--trust", root, "--json"]) == 2
    strict = json.loads(capsys.readouterr().out)
    assert strict["signatures"][0]["sub_indication"] == "TRY_LATER"
    assert "INDETERMINATE/TRY_LATER" in strict["policy"]["revocation"]

    assert main(["verify", pdf, "--trust", root, "--json", "--soft-fail"]) == 0
    soft = json.loads(capsys.readouterr().out)
    assert soft["indication"] == "TOTAL_PASSED"
    assert "soft-fail" in soft["policy"]["revocation"]
    signer = next(i for i in soft["signatures"][0]["items"] if i["code"] == "signer_certificate")
    assert "未检查吊销状态" in signer["reason"]
