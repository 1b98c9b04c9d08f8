"""Schema versions: create at head, upgrade old files, refuse newer ones.

Alembic's revisions ship inside the package (``casefile:migrations``). Opening
a case must be fast, so the common path (the file is at head) reads one row
and compares it with ``HEAD``; Alembic itself is loaded only to upgrade.
"""

from __future__ import annotations

import json
from importlib import resources

from sqlalchemy import Connection, select, text
from sqlalchemy.orm import Session

from casefile.store.models import Exemption

# Every revision this build knows, oldest first; the last is the head.
# tests/test_store.py checks them against casefile/migrations/versions, so
# they cannot drift, and opening a file never has to load Alembic to know.
REVISIONS = ("0001", "0002", "0003", "0004", "0005", "0006", "0007", "0008", "0009",
             "0010", "0011", "0012", "0013", "0014", "0015", "0016")
HEAD = REVISIONS[-1]


def alembic_config():
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", "casefile:migrations")
    return cfg


def known_revisions() -> set[str]:
    return set(REVISIONS)


def current_revision(conn: Connection) -> str | None:
    """The file's revision, or None when it has no alembic_version table."""
    if conn.dialect.name == "postgresql":
        has_table = conn.exec_driver_sql(
            "SELECT to_regclass('alembic_version') IS NOT NULL").scalar()
    else:
        has_table = conn.exec_driver_sql(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'"
        ).first()
    if not has_table:
        return None
    return conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()


def stamp_head(conn: Connection) -> None:
    conn.exec_driver_sql(
        "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, "
        "CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))"
    )
    conn.execute(text("INSERT INTO alembic_version (version_num) VALUES (:v)"), {"v": HEAD})


def create_empty(conn: Connection) -> None:
    """The tables, the search index (FTS5 or tsvector, by dialect), on a server the
    triggers that tell others of each change (``store.pg_notify``), and the revision
    stamp, with no row: what a case copied in from elsewhere is poured into."""
    from casefile.store import fts, pg_notify
    from casefile.store.models import Base

    Base.metadata.create_all(conn)
    fts.create(conn)
    pg_notify.install(conn)
    stamp_head(conn)


def build_new_case(conn: Connection) -> None:
    """A new case's whole schema at head, on either backend, inside the caller's
    transaction: the tables, the search index (FTS5 or tsvector, by dialect), the
    revision stamp, the exemption catalog and the case's own settings."""
    import uuid
    from datetime import datetime

    from casefile import __version__
    from casefile.store.models import Setting

    create_empty(conn)
    with Session(bind=conn) as session:
        sync_catalog(session)
        session.add_all([
            Setting(key="case_uuid", value=str(uuid.uuid4())),
            Setting(key="created_by", value=f"Casefile {__version__}"),
            Setting(key="created_at", value=datetime.now().astimezone().isoformat()),
        ])
        session.flush()


def upgrade(conn: Connection, target: str = "head") -> None:
    """Run every pending revision on ``conn`` inside its current transaction."""
    from alembic import command

    cfg = alembic_config()
    cfg.attributes["connection"] = conn
    command.upgrade(cfg, target)


def load_catalog() -> list[dict]:
    """The § 552(b) exemption catalog from resources/data/exemptions.json."""
    data = resources.files("casefile.resources").joinpath("data/exemptions.json").read_text(
        encoding="utf-8"
    )
    return json.loads(data)["exemptions"]


def sync_catalog(session: Session) -> None:
    """Insert or refresh catalog entries by code; never delete one in use."""
    existing = {e.code: e for e in session.scalars(select(Exemption))}
    position = 0

    def visit(entries: list[dict], parent: Exemption | None) -> None:
        nonlocal position
        for entry in entries:
            position += 1
            row = existing.get(entry["code"])
            if row is None:
                row = Exemption(code=entry["code"])
                session.add(row)
            row.label = entry["label"]
            row.name = entry["name"]
            row.description = entry["description"]
            row.citation = entry["citation"]
            row.position = position
            row.parent = parent
            visit(entry.get("children", []), row)

    visit(load_catalog(), None)
    session.flush()
