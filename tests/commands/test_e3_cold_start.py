"""Cold start (issue E3 #12): a command imports only what it uses. The speed itself is measured by
``bench/pdf.py --cold``; these tests pin *what* is imported, in fresh processes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest

import eseal.engine.pdf as face
from eseal.cli import main

HEAVY = ("reportlab", "pypdfium2", "qrcode", "fontTools", "PIL", "pikepdf", "sqlalchemy", "fastapi", "uvicorn")
NOT_FOR_SIGNING = ("eseal.engine.pdf.verify.verifier", "eseal.engine.pdf.report.pdf", "eseal.engine.pdf.report.seal",
                   "eseal.engine.pdf.io.preview", "eseal.engine.art")


def _modules_after(code: str) -> set[str]:
    out = subprocess.run([sys.executable, "-c", code + "\nimport json, sys; print(json.dumps(sorted(sys.modules)))"],
                         capture_output=True, text=True, check=True)
    return set(json.loads(out.stdout.strip().splitlines()[-1]))


def _loaded(modules: set[str], names: tuple[str, ...]) -> list[str]:
    return sorted(n for n in names if any(m == n or m.startswith(n + ".") for m in modules))


def test_importing_the_pdf_face_loads_no_part_and_no_heavy_library() -> None:
    mods = _modules_after("import eseal.engine.pdf")
    assert _loaded(mods, (*HEAVY, "pyhanko", *NOT_FOR_SIGNING)) == []
    assert _loaded(mods, ("eseal.engine.ses", "eseal.engine.pki", "eseal.engine.pdf.sign.sealing")) == []


def test_every_name_of_the_face_resolves_on_first_use() -> None:
    for name in face.__all__:
        assert getattr(face, name) is not None, name
    assert set(face.__all__) <= set(dir(face))
    with pytest.raises(AttributeError):
        face.no_such_name


@pytest.fixture(scope="module")
def seal_env(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("cold")
    assert main(["ca", "init", str(root / "ca")]) == 0
    assert main(["seal", "make", "--ca", str(root / "ca"), "--kind", "contract", "--name", "测试科技有限公司",
                 "--code", "91350100M000100Y43", "--out", str(root / "seal")]) == 0
    p = pikepdf.new()
    p.add_blank_page(page_size=(595, 842))
    p.save(root / "in.pdf")
    return root


def test_eseal_sign_imports_neither_verifier_nor_report_nor_art(seal_env: Path) -> None:
    args = ["sign", str(seal_env / "in.pdf"), str(seal_env / "out.pdf"), "--seal", str(seal_env / "seal"),
            "--claimed-time"]
    mods = _modules_after(f"from eseal.cli import main\nassert main({args!r}) == 0")
    assert (seal_env / "out.pdf").stat().st_size > 0
    assert _loaded(mods, NOT_FOR_SIGNING) == []
    assert _loaded(mods, ("reportlab", "pypdfium2", "qrcode", "fontTools", "pikepdf", "sqlalchemy", "fastapi")) == []
