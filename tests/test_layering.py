"""The layering rule of DEVELOPERS.md: engine never imports platform or web; platform never imports web."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "eseal"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


@pytest.mark.parametrize(
    ("layer", "forbidden"),
    [("engine", ("eseal.platform", "eseal.web", "eseal.commands", "eseal.cli")),
     ("platform", ("eseal.web", "eseal.commands", "eseal.cli"))],
)
def test_layer_does_not_import_upwards(layer: str, forbidden: tuple[str, ...]) -> None:
    files = sorted((SRC / layer).rglob("*.py"))
    assert files, f"no modules found under {layer}"
    offenders = [
        f"{path.relative_to(SRC)} imports {name}"
        for path in files
        for name in _imports(path)
        if name.startswith(forbidden)
    ]
    assert offenders == []
