"""Every command exits quietly when its output pipe is closed (`eseal ses inspect f --json | head -1`)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from eseal.cli import EXIT_BROKEN_PIPE, main


@pytest.fixture(scope="module")
def seal_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("pipe")
    assert main(["ca", "init", str(root / "ca")]) == 0
    assert main(["seal", "make", "--ca", str(root / "ca"), "--kind", "contract", "--name", "测试科技有限公司",
                 "--code", "91350100M000100Y43", "--out", str(root / "seal")]) == 0
    return root / "seal" / "seal.esl"


@pytest.mark.parametrize("argv", [["ses", "inspect", "{seal}", "--json"], ["ses", "inspect", "{seal}"], ["--help"]])
def test_closed_output_pipe_prints_no_traceback(seal_file: Path, argv: list[str]) -> None:
    args = [a.replace("{seal}", str(seal_file)) for a in argv]
    proc = subprocess.Popen([sys.executable, "-m", "eseal.cli", *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # the reader goes away before the command writes anything (like `| head -0`)
    err = proc.stderr.read()
    rc = proc.wait(timeout=60)
    assert err == b""
    expected = 0 if argv == ["--help"] else EXIT_BROKEN_PIPE
    assert rc in (expected, EXIT_BROKEN_PIPE)
