"""Alembic environment for case files.

Casefile runs migrations itself (``casefile.store.schema``), handing Alembic a
connection that is already inside the one transaction the upgrade commits.
The ``alembic`` command line works too, for developers writing a revision:
``alembic -x path=some.casefile revision --autogenerate -m "..."``.
"""

from alembic import context
from sqlalchemy import create_engine

from casefile.store.models import Base

config = context.config


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _migrate(connection)
        return
    path = context.get_x_argument(as_dictionary=True).get("path")
    if not path:
        raise SystemExit("give the case file as: alembic -x path=FILE …")
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        _migrate(connection)


def _migrate(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        # SQLite alters tables by copying them; PostgreSQL alters them in place.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        transaction_per_migration=False,
    )
    with context.begin_transaction():
        context.run_migrations()


run()
