"""Migration 0008 (all D1 tables) goes up and down on SQLite and PostgreSQL, and the models match it."""

from __future__ import annotations

from sqlalchemy import inspect

from eseal.platform.core import alembic_config, downgrade_schema, upgrade_schema

D1_TABLES = {"documents", "document_revisions", "signings", "business_sources", "verification_reports"}


def _previous() -> str:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    down = script.get_revision("0008_documents").down_revision
    assert isinstance(down, str)
    return down


def test_d1_tables_up_and_down(services):
    engine = services.engine
    assert D1_TABLES <= set(inspect(engine).get_table_names())
    revisions = {c["name"] for c in inspect(engine).get_columns("document_revisions")}
    assert {"document_id", "number", "blob_sha256", "size", "sha256", "sm3", "signing_id"} <= revisions
    fks = {(fk["referred_table"], tuple(fk["constrained_columns"]))
           for fk in inspect(engine).get_foreign_keys("document_revisions")}
    assert ("blobs", ("blob_sha256",)) in fks
    downgrade_schema(engine, _previous())
    assert not D1_TABLES & set(inspect(engine).get_table_names())
    assert "seals" in inspect(engine).get_table_names()
    upgrade_schema(engine)
    assert D1_TABLES <= set(inspect(engine).get_table_names())


def test_models_match_the_migration(services):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    import eseal.platform.documents
    import eseal.platform.verification  # noqa: F401
    from eseal.platform.core import Base

    with services.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    mine = [d for d in diff if any(t in repr(d) for t in D1_TABLES)]
    assert mine == []
