"""[E3] #11/#12 speed pieces that must not change behaviour: the fast PDF name reader reads exactly as
pyHanko's does (value, stream position, error), the shared chain validation of a verification gives the
same verdicts, and ``eseal <command>`` builds only that command's parser with the same arguments.
(Speed itself is measured by bench/pdf.py.)"""

from __future__ import annotations

import io

import pytest
from _verify_pki import base_pdf, every_object_dump, full_trust, gm_pki, gm_timestamper

from eseal import cli
from eseal.engine.pdf.report.model import Indication
from eseal.engine.pdf.verify import pdf_names
from eseal.engine.pdf.verify.verifier import verify_pdf

NAME_CASES = [b"/Type /Page", b"/Type", b"/", b"/ x", b"/A#20B ", b"/A#2", b"/Caf\xc3\xa9 ", b"/Caf\xe9 ",
              b"/A\x7fB ", b"/Name(str)", b"/Name/Next", b"/N[1]", b"/N<<>>", b"/N%c\n", b"/N\x00",
              b"/" + b"L" * 300 + b" ", b"/" + b"L" * 255, b"/" + b"L" * 254 + b" ", b"Type", b""]


def _seal(pdf: bytes, mode: str = "single", page: int = 1) -> bytes:
    from eseal.engine.pdf.sign.gm import sign_gm
    from eseal.engine.pdf.stamp.placement import StampRequest

    g = gm_pki()
    return sign_gm(pdf, seal_der=g.seal_der, signer=g.signer, signer_cert_der=g.signer_cert.dump(),
                   request=StampRequest(mode=mode, page=page) if mode == "single" else StampRequest(mode=mode),
                   timestamper=gm_timestamper(), signer_name="杭州测试科技有限公司")


def _read(fn, data: bytes):
    s = io.BytesIO(data)
    try:
        value = fn(s)
    except Exception as exc:  # the same error class as pyHanko's reader
        return ("error", type(exc).__name__, None)
    return (type(value).__name__, str(value), s.tell())


@pytest.mark.parametrize("data", NAME_CASES)
def test_fast_name_reader_reads_as_pyhanko_does(data):
    from pyhanko.pdf_utils import generic

    pdf_names.install()
    assert generic.NameObject.read_from_stream is pdf_names.read_name
    assert _read(pdf_names.read_name, data) == _read(pdf_names._original, data)


def test_every_object_of_a_sealed_file_parses_as_with_pyhankos_reader():
    """All objects of every revision of a multi-seal file: the same pyHanko objects with and without the reader."""
    from pyhanko.pdf_utils import generic

    pdf = _seal(_seal(base_pdf(3)), "multi")

    pdf_names.install()
    fast = every_object_dump(pdf)
    generic.NameObject.read_from_stream = staticmethod(pdf_names._original)
    try:
        slow = every_object_dump(pdf)
    finally:
        pdf_names.install()
    assert len(fast) > 20 and fast == slow


def test_multi_seal_verdict_with_shared_chain_validation():
    """Three seals of one seal share the chain validations and each passes; a foreign trust store does not."""
    from eseal.engine.pdf import TrustStore

    pdf = _seal(_seal(_seal(base_pdf(3)), "multi"), page=2)
    report = verify_pdf(pdf, trust=full_trust())
    assert [s.indication for s in report.signatures] == [Indication.TOTAL_PASSED] * 3
    assert report.indication is Indication.TOTAL_PASSED
    untrusted = verify_pdf(pdf, trust=TrustStore.empty())
    assert all(s.indication is Indication.INDETERMINATE for s in untrusted.signatures)


@pytest.mark.parametrize("group", cli.COMMAND_GROUPS, ids=lambda g: cli._group_name(g))
def test_a_command_builds_only_its_own_parser_with_the_same_arguments(group):
    name = cli._group_name(group)
    full = cli.build_parser()
    only = cli.build_parser(name)
    full_sub = next(a for a in full._actions if a.dest == "command")
    only_sub = next(a for a in only._actions if a.dest == "command")
    assert list(only_sub.choices) == [name]
    assert only_sub.choices[name].format_help() == full_sub.choices[name].format_help()


def test_unknown_command_and_help_use_the_whole_parser(capsys):
    with pytest.raises(SystemExit) as exc:
        cli.main(["nosuchcommand"])
    assert exc.value.code == 2
    assert "sign" in capsys.readouterr().err  # argparse lists every command
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    out = capsys.readouterr().out
    assert all(cli._group_name(g) in out for g in cli.COMMAND_GROUPS)
