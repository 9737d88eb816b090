"""The verification report's one Chinese catalogue (engine/pdf/report/texts.py): codes go down, Chinese goes up."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from eseal.engine.pdf.report.texts import TEXTS, page_ranges, pages_zh, zh

SRC = Path(__file__).resolve().parents[3] / "src" / "eseal" / "engine" / "pdf"
CJK = re.compile(r"[\u4e00-\u9fff]")


def _string_literals(tree: ast.AST) -> list[tuple[int, str]]:
    """(line, text) of every string constant that is not a docstring."""
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docstrings.add(id(first.value))
    return [(n.lineno, n.value) for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docstrings]


@pytest.mark.parametrize("module", sorted(p.name for p in (SRC / "verify").glob("*.py")))
def test_verify_modules_hold_no_chinese_literals(module: str) -> None:
    tree = ast.parse((SRC / "verify" / module).read_text(encoding="utf-8"))
    chinese = [(line, text) for line, text in _string_literals(tree) if CJK.search(text)]
    assert chinese == [], f"verify/{module}: Chinese belongs in report/texts.py (by code): {chinese}"


def test_every_literal_code_used_in_the_engine_is_in_the_catalogue() -> None:
    used: set[str] = set()
    for path in SRC.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "zh"
                    and node.args and isinstance(node.args[0], ast.Constant)):
                used.add(node.args[0].value)
    assert used, "no zh() call found: the walker is broken"
    assert sorted(used - set(TEXTS)) == []


def test_templates_fill_their_parameters() -> None:
    assert zh("cert.no_chain", role=zh("cert.role.signer")) == "签章者证书不能链接到受信任的根证书"
    assert zh("document.summary", total=3, passed=2) == "共 3 个签名，2 个验证通过"
    with pytest.raises(KeyError):
        zh("no.such.code")


def test_page_lists_are_ranges() -> None:
    assert pages_zh(range(1, 801)) == "第 1–800 页"
    assert pages_zh([9, 1, 3, 5, 6, 7, 8, 3]) == "第 1、3、5–9 页"
    assert page_ranges([1, 2]) == "1、2"
    assert page_ranges([4]) == "4"
    assert page_ranges([]) == ""


def test_long_page_lists_keep_head_and_tail() -> None:
    assert pages_zh(range(1, 801, 2)) == "第 1、3、5、7、9、11、13、15、17、19、…、797、799 页（共 400 页）"
    assert "…" not in pages_zh([1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23])  # 12 entries: shown whole
