"""User-facing CLI errors are exactly one line on stderr."""

from __future__ import annotations

import argparse

import pytest

from eseal import cli


def test_multiline_error_is_printed_as_one_line(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    def handler(args: argparse.Namespace) -> int:
        raise cli.CliError("证书无法解析: bad tag\n    while parsing asn1crypto.x509.Certificate\n", 2)

    parser = argparse.ArgumentParser()
    parser.set_defaults(handler=handler)
    monkeypatch.setattr(cli, "build_parser", lambda: parser)
    assert cli.main([]) == 2
    err = capsys.readouterr().err
    assert err == "eseal: 证书无法解析: bad tag while parsing asn1crypto.x509.Certificate\n"
