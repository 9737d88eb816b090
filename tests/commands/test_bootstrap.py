"""The commands' shared parts: a group called without an action prints its help and exits 2, and the one bootstrap
(commands/bootstrap.py) that connects a command to an existing platform database."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from eseal.cli import main
from eseal.commands.bootstrap import database_errors, database_place
from eseal.commands.errors import CliError


@pytest.mark.parametrize(("argv", "action"), [([], "COMMAND"), (["audit"], "ACTION"), (["documents"], "ACTION"),
                                              (["ca"], "ACTION"), (["ses"], "SUBCOMMAND"), (["seal"], "SUBCOMMAND")])
def test_a_group_without_an_action_prints_its_help_and_exits_2(argv: list[str], action: str, capsys) -> None:
    capsys.readouterr()
    assert main(argv) == 2
    out, err = capsys.readouterr()
    assert out.startswith(f"usage: eseal {' '.join(argv)}".rstrip()) and action in out
    assert err == ""


def test_importing_the_command_line_loads_neither_the_platform_nor_sqlalchemy() -> None:
    code = "import eseal.cli, json, sys; print(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    mods = json.loads(out.stdout)
    assert "eseal.commands.bootstrap" in mods  # not vacuous: the bootstrap module itself is cheap to import
    assert [m for m in mods if m.split(".")[0] == "sqlalchemy" or m.startswith("eseal.platform")] == []


def test_audit_on_a_database_without_the_schema(tmp_path: Path, capsys) -> None:
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    capsys.readouterr()
    assert main(["audit", "verify", "--database-url", url]) == 2
    assert capsys.readouterr().err == (f"eseal: no audit_log table in {url} "
                                       "(run `eseal serve` once to create the schema)\n")


def test_documents_purge_on_a_database_without_the_schema(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("ESEAL_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("ESEAL_DATABASE_URL", raising=False)
    monkeypatch.delenv("ESEAL_MASTER_KEY_FILE", raising=False)
    (tmp_path / "master.key").write_text("ab" * 32 + "\n", encoding="ascii")
    url = f"sqlite:///{tmp_path / 'other.db'}?timeout=5"
    capsys.readouterr()
    assert main(["documents", "purge", "--database-url", url]) == 2
    assert capsys.readouterr().err == (f"eseal: no documents table in sqlite:///{tmp_path / 'other.db'} "
                                       "(run `eseal serve` once to create the schema)\n")


def test_database_place_drops_the_credentials_and_the_query() -> None:
    assert database_place("postgresql+psycopg://user:secret@db.example:5432/eseal?sslmode=require") == \
        "db.example:5432/eseal"


def test_a_database_error_becomes_one_cli_error_naming_only_its_class() -> None:
    from sqlalchemy.exc import OperationalError

    with pytest.raises(CliError) as caught, database_errors("purge failed: {error}", 1):
        raise OperationalError("DELETE FROM documents WHERE id = ?", (7,), Exception("database is locked"))
    assert (str(caught.value), caught.value.code) == ("purge failed: OperationalError", 1)
