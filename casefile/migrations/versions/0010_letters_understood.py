"""Letters understood: what each letter is and announces, the phrase that decided
it, the dates it states, an unreadable Date header kept as written, and the day
the agency decided expedition.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07

Plain ADD COLUMNs, all nullable (or with a default): an old letter reads as
"not classified yet" and keeps its coarse kind.
"""
import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

_COLUMNS = (
    ("correspondence", sa.Column("letter_kind", sa.String(length=32), nullable=True)),
    ("correspondence", sa.Column("outcome", sa.String(length=24), nullable=True)),
    ("correspondence", sa.Column("kind_phrase", sa.Text(), nullable=True)),
    ("correspondence", sa.Column("kind_confidence", sa.Float(), nullable=True)),
    ("correspondence", sa.Column("kind_by_user", sa.Boolean(), nullable=False,
                                 server_default=sa.false())),
    ("correspondence", sa.Column("received_on", sa.Date(), nullable=True)),
    ("correspondence", sa.Column("stated_appeal_due", sa.Date(), nullable=True)),
    ("correspondence", sa.Column("stated_received", sa.Date(), nullable=True)),
    ("correspondence", sa.Column("date_raw", sa.String(length=300), nullable=True)),
    ("foia_request", sa.Column("expedited_decided_on", sa.Date(), nullable=True)),
)


def upgrade() -> None:
    for table, column in _COLUMNS:
        op.add_column(table, column)


def downgrade() -> None:
    for table, column in reversed(_COLUMNS):
        op.execute(f"ALTER TABLE {table} DROP COLUMN {column.name}")
