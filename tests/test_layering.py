"""The layering and size rules of CONTRIBUTING.md, checked on the source tree.

- engine never imports platform, web, commands or cli; platform never imports web, commands or cli;
- inside the engine the order is gm < pki < ses < pdf (a lower package never imports a higher one);
  art, beijing, ids, pdfium and status are leaves that import none of them;
- no import cycle anywhere in src/eseal, counting function-level imports (they are for heavy third-party
  libraries only, never a way to hide a cycle between our own modules). Imports under
  ``if TYPE_CHECKING:`` are not executed and are not counted — except in a module with a module-level
  ``__getattr__`` (a face that loads its names on first use, PEP 562), where they are the real edges;
- web/ contains no SQLAlchemy (no SQL in the adapters);
- no module is longer than 600 lines;
- the tree names no absolute path of a work directory.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "eseal"
MAX_MODULE_LINES = 600


def _module_name(path: Path) -> str:
    rel = path.relative_to(SRC.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _all_modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(SRC.rglob("*.py"))}


MODULES = _all_modules()


def _is_type_checking_block(node: ast.AST) -> bool:
    if not isinstance(node, ast.If):
        return False
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _loads_lazily(tree: ast.AST) -> bool:
    """A module-level ``__getattr__`` (PEP 562), defined or assigned (``__getattr__ = make_loader(...)``)."""
    body = tree.body if isinstance(tree, ast.Module) else []
    for n in body:
        if isinstance(n, ast.FunctionDef) and n.name == "__getattr__":
            return True
        targets = n.targets if isinstance(n, ast.Assign) else [n.target] if isinstance(n, ast.AnnAssign) else []
        for t in targets:
            names = t.elts if isinstance(t, ast.Tuple) else [t]
            if any(isinstance(x, ast.Name) and x.id == "__getattr__" for x in names):
                return True
    return False


def _walk_runtime(tree: ast.AST) -> Iterator[ast.AST]:
    """ast.walk, skipping the bodies of ``if TYPE_CHECKING:`` blocks (unless the module loads them lazily)."""
    if _loads_lazily(tree):
        yield from ast.walk(tree)
        return
    stack = [tree]
    while stack:
        node = stack.pop()
        yield node
        for child in ast.iter_child_nodes(node):
            if _is_type_checking_block(child):
                assert isinstance(child, ast.If)
                stack.extend(child.orelse)
                continue
            stack.append(child)


def _resolve_relative(module: str, path: Path, level: int, target: str | None) -> str:
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    base = package[: len(package) - (level - 1)] if level > 1 else package
    return ".".join([*base, target] if target else base)


def _imports(path: Path) -> set[str]:
    """Every module name a file imports at run time (module level and inside functions)."""
    module = _module_name(path)
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: set[str] = set()
    for node in _walk_runtime(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = (
                _resolve_relative(module, path, node.level, node.module) if node.level else (node.module or "")
            )
            found.add(base)
            for alias in node.names:  # `from pkg import submodule` imports the submodule itself
                candidate = f"{base}.{alias.name}"
                if candidate in MODULES:
                    found.add(candidate)
    return found


def _internal_edges() -> dict[str, set[str]]:
    return {name: {m for m in _imports(path) if m in MODULES and m != name} for name, path in MODULES.items()}


@pytest.mark.parametrize(
    ("layer", "forbidden"),
    [
        ("engine", ("eseal.platform", "eseal.web", "eseal.commands", "eseal.cli")),
        ("platform", ("eseal.web", "eseal.commands", "eseal.cli")),
    ],
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


ENGINE_ORDER = ("gm", "pki", "ses", "pdf")
ENGINE_LEAVES = ("art", "beijing", "faces", "ids", "pdfium", "status")


@pytest.mark.parametrize("package", ENGINE_ORDER + ENGINE_LEAVES)
def test_engine_order(package: str) -> None:
    if package in ENGINE_ORDER:
        higher = ENGINE_ORDER[ENGINE_ORDER.index(package) + 1 :]
    else:
        higher = ENGINE_ORDER
    forbidden = tuple(f"eseal.engine.{name}" for name in higher)
    own = f"eseal.engine.{package}"
    offenders = [
        f"{name} imports {target}"
        for name, path in MODULES.items()
        if name == own or name.startswith(own + ".")
        for target in _imports(path)
        if any(target == f or target.startswith(f + ".") for f in forbidden)
    ]
    assert offenders == []


def _find_cycle(edges: dict[str, set[str]]) -> list[str] | None:
    white, grey, black = 0, 1, 2
    colour = dict.fromkeys(edges, white)
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        colour[node] = grey
        stack.append(node)
        for nxt in sorted(edges[node]):
            if colour[nxt] == grey:
                return [*stack[stack.index(nxt) :], nxt]
            if colour[nxt] == white and (cycle := visit(nxt)):
                return cycle
        stack.pop()
        colour[node] = black
        return None

    for start in sorted(edges):
        if colour[start] == white and (cycle := visit(start)):
            return cycle
    return None


def test_no_import_cycles() -> None:
    cycle = _find_cycle(_internal_edges())
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def test_cycle_detector_finds_a_cycle() -> None:
    # The detector itself must work, or the test above proves nothing.
    assert _find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _find_cycle({"a": {"b"}, "b": set()}) is None


def test_lazy_face_imports_are_seen() -> None:
    code = "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from eseal.engine import ids\n" \
           "def __getattr__(name):\n    raise AttributeError(name)\n"
    names = {n.module for n in _walk_runtime(ast.parse(code)) if isinstance(n, ast.ImportFrom)}
    assert "eseal.engine" in names
    plain = "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from eseal.engine import ids\n"
    assert "eseal.engine" not in {n.module for n in _walk_runtime(ast.parse(plain)) if isinstance(n, ast.ImportFrom)}


def test_assigned_lazy_loader_is_seen() -> None:
    code = "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from eseal.engine import ids\n" \
           "__getattr__, __dir__ = loader(__name__)\n"
    assert "eseal.engine" in {n.module for n in _walk_runtime(ast.parse(code)) if isinstance(n, ast.ImportFrom)}


LAZY_FACES = ("eseal.engine.gm", "eseal.engine.pki", "eseal.engine.pki.tsa", "eseal.engine.ses", "eseal.engine.pdf")


@pytest.mark.parametrize("face", LAZY_FACES)
def test_lazy_faces_count_their_type_checking_imports(face: str) -> None:
    # These faces load their names on first use (E3 #12): their ``if TYPE_CHECKING:`` imports are the real
    # edges of the cycle check above, so each must be recognised as lazy and every such import counted.
    tree = ast.parse(MODULES[face].read_text(encoding="utf-8"))
    assert _loads_lazily(tree)
    blocks = [n for n in tree.body if _is_type_checking_block(n)]
    assert blocks, f"{face} has no TYPE_CHECKING block"
    lazy = {imp.module for b in blocks for imp in ast.walk(b) if isinstance(imp, ast.ImportFrom) and imp.module}
    assert lazy and lazy <= _internal_edges()[face] | {face}


def test_function_level_imports_are_seen() -> None:
    code = "def f():\n    from eseal.engine import ids\n"
    tree = ast.parse(code)
    names = {n.module for n in _walk_runtime(tree) if isinstance(n, ast.ImportFrom)}
    assert names == {"eseal.engine"}


def test_web_contains_no_sqlalchemy() -> None:
    offenders = [
        f"{path.relative_to(SRC)} imports {name}"
        for path in sorted((SRC / "web").rglob("*.py"))
        for name in _imports(path)
        if name == "sqlalchemy" or name.startswith("sqlalchemy.")
    ]
    assert offenders == []


def test_no_module_over_600_lines() -> None:
    long = {
        str(path.relative_to(SRC)): n
        for path in MODULES.values()
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert long == {}


def _tree_text_files() -> Iterator[Path]:
    for top in ("src", "tests", "docs", "bench", "scripts", ".ci"):
        for path in sorted((ROOT / top).rglob("*")):
            if path.is_file() and path.suffix in {".py", ".md", ".sh", ".txt", ".toml", ".html", ".js", ".css", ""}:
                yield path
    for name in ("README.md", "CONTRIBUTING.md", "Makefile", "pyproject.toml"):
        if (ROOT / name).exists():
            yield ROOT / name


def test_no_machine_specific_paths() -> None:
    needles = ("/" + "work/", "/" + "root/")  # the work tree and the root user's home on this kind of machine
    offenders = []
    for path in _tree_text_files():
        if "__pycache__" in path.parts:
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        offenders += [f"{path.relative_to(ROOT)}: {n}" for n in needles if n in text]
    assert offenders == []


def test_test_modules_have_unique_basenames() -> None:
    # tests/ has no packages: two test files with one basename make pytest fail with "import file mismatch"
    names: dict[str, list[str]] = {}
    for path in sorted((ROOT / "tests").rglob("test_*.py")):
        names.setdefault(path.name, []).append(str(path.relative_to(ROOT)))
    assert {n: p for n, p in names.items() if len(p) > 1} == {}
