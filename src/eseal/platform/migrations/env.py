"""Alembic environment: uses the connection handed over by ``eseal.platform.core.db.upgrade_schema``
(or the URL in the config when run from the ``alembic`` command line)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

# importing the domain packages registers their tables on the one Base
import eseal.platform.accounts
import eseal.platform.documents
import eseal.platform.identity
import eseal.platform.seals
import eseal.platform.storage
import eseal.platform.verification  # noqa: F401
from eseal.platform.core import Base

config = context.config
target_metadata = Base.metadata


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = create_engine(config.get_main_option("sqlalchemy.url") or "")
    with engine.begin() as conn:
        context.configure(connection=conn, target_metadata=target_metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()


run()
