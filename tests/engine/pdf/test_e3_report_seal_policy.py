"""Which seal signs the verification report is an engine decision (report/seal.py choose_report_signer),
not the command's: the explicit seal, else the first CA's platform seal, else unsigned with a notice code."""

from __future__ import annotations

from pathlib import Path

import pytest

from eseal.cli import main
from eseal.engine.pdf import (
    ReportSealError,
    ReportSealPolicy,
    choose_report_signer,
    issue_report,
    verify_pdf,
)
from eseal.engine.pdf.report.seal import REPORT_SEAL_NAME


@pytest.fixture(scope="module")
def ca_and_seal(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("report-policy")
    ca = root / "ca"
    assert main(["ca", "init", str(ca)]) == 0
    assert main(["seal", "make", "--ca", str(ca), "--kind", "contract", "--name", "测试科技有限公司", "--code",
                 "91350100M000100Y43", "--out", str(root / "seal")]) == 0
    return ca, root / "seal"


def test_default_is_the_first_cas_platform_seal_with_its_tsa(ca_and_seal: tuple[Path, Path]) -> None:
    ca, _ = ca_and_seal
    choice = choose_report_signer(ReportSealPolicy(ca_dirs=(str(ca),)))
    assert choice.signer is not None and choice.signer.seal_name == REPORT_SEAL_NAME
    assert not choice.signer.claimed_time_only and choice.notices == ()


def test_explicit_seal_wins_and_without_a_ca_says_claimed_time_only(ca_and_seal: tuple[Path, Path]) -> None:
    ca, seal = ca_and_seal
    with_ca = choose_report_signer(ReportSealPolicy(seal_dir=seal, ca_dirs=(str(ca),)))
    assert with_ca.signer is not None and with_ca.signer.seal_name == "测试科技有限公司合同专用章"
    assert with_ca.notices == ()
    alone = choose_report_signer(ReportSealPolicy(seal_dir=seal))
    assert alone.signer is not None and [n.code for n in alone.notices] == ["report.claimed_time_only"]


def test_no_seal_and_unusable_ca_give_unsigned_with_a_code(tmp_path: Path, ca_and_seal: tuple[Path, Path]) -> None:
    _, seal = ca_and_seal
    none = choose_report_signer(ReportSealPolicy())
    assert none.signer is None and [n.code for n in none.notices] == ["report.unsigned.no_seal"]
    bad = choose_report_signer(ReportSealPolicy(ca_dirs=(str(tmp_path / "no-ca"),)))
    assert bad.signer is None and [n.code for n in bad.notices] == ["report.unsigned.ca_unusable"]
    assert bad.notices[0].ca_dir == str(tmp_path / "no-ca") and bad.notices[0].detail
    seal_only = choose_report_signer(ReportSealPolicy(seal_dir=seal, ca_dirs=(str(tmp_path / "no-ca"),)))
    assert seal_only.signer is not None
    assert [n.code for n in seal_only.notices] == ["report.claimed_time_only.ca_unusable"]


def test_an_explicit_seal_that_cannot_be_used_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ReportSealError) as info:
        choose_report_signer(ReportSealPolicy(seal_dir=tmp_path / "no-such-seal"))
    assert info.value.code == "report.seal_dir_unusable"


def test_issue_report_signs_and_the_command_only_prints(ca_and_seal: tuple[Path, Path]) -> None:
    ca, _ = ca_and_seal
    report = verify_pdf(_blank_pdf())
    issued = issue_report(report, ReportSealPolicy(ca_dirs=(str(ca),)))
    assert issued.signed and issued.notices == ()
    again = verify_pdf(issued.pdf)
    assert len(again.signatures) == 1 and again.signatures[0].seal.name == REPORT_SEAL_NAME
    unsigned = issue_report(report, ReportSealPolicy())
    assert not unsigned.signed and verify_pdf(unsigned.pdf).signatures == []

    import eseal.commands.verify as cmd

    assert not hasattr(cmd, "_report_signer"), "the choice lives in the engine"


def _blank_pdf() -> bytes:
    import io

    import pikepdf

    p = pikepdf.new()
    p.add_blank_page()
    buf = io.BytesIO()
    p.save(buf)
    return buf.getvalue()
