"""The audit log's table: who changed which row of the case, which field, when.

Written only by ``casefile.audit``'s session hooks (never edited, never
versioned itself). Each entry has a uuid of its own so that a later sync can
exchange entries between copies of a case without taking one twice.
"""

from __future__ import annotations

import uuid as uuid_module
from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, Index, Integer, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from casefile.store.models import Base, utcnow

# insert/update/delete: one row's change (an update: one entry per field);
# bulk: one entry for many rows written at once (an import), its count in new_value.
ACTIONS = ("insert", "update", "delete", "bulk")


class AuditEntry(Base):
    __tablename__ = "audit_log"
    __table_args__ = (
        CheckConstraint("action IN ('insert', 'update', 'delete', 'bulk')", name="action"),
        Index("ix_audit_log_row_uuid", "row_uuid"),
        Index("ix_audit_log_changed_at", "changed_at"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[uuid_module.UUID] = mapped_column(
        Uuid, unique=True, default=uuid_module.uuid4, nullable=False)
    changed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, nullable=False)
    changed_by: Mapped[str | None] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(8))
    table_name: Mapped[str] = mapped_column(String(64))
    row_id: Mapped[int | None] = mapped_column(Integer)  # as the lists number it, then
    row_uuid: Mapped[uuid_module.UUID | None] = mapped_column(Uuid)  # None: a bulk entry
    field: Mapped[str | None] = mapped_column(String(64))  # None: the whole row
    # JSON text: a value (update), the row's fields (insert, delete), {"rows": n} (bulk).
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)  # a bulk entry's "from index.xlsx"
