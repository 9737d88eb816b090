"""Migration 0006 (the blobs table) goes up and down on SQLite and PostgreSQL."""

from __future__ import annotations

from sqlalchemy import inspect

from eseal.platform.core import alembic_config, downgrade_schema, upgrade_schema


def _previous() -> str:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    down = script.get_revision("0006_blobs").down_revision
    assert isinstance(down, str)
    return down


def test_blobs_table_up_and_down(services):
    engine = services.engine
    columns = {c["name"]: c for c in inspect(engine).get_columns("blobs")}
    assert set(columns) == {"sha256", "size", "content_type", "created_at"}
    assert inspect(engine).get_pk_constraint("blobs")["constrained_columns"] == ["sha256"]
    downgrade_schema(engine, _previous())
    assert "blobs" not in inspect(engine).get_table_names()
    upgrade_schema(engine)
    assert "blobs" in inspect(engine).get_table_names()
