"""The people of the case: parties described, counsel's admission and role, and
the facts a request letter states for expedition, a fee waiver and a fee category.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07

Plain ADD COLUMNs, each new column nullable (or with a default), so old rows
read as "not entered yet".
"""
import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

_FEE_CATEGORIES = ("commercial", "educational", "news_media", "other")


def upgrade() -> None:
    op.add_column("party", sa.Column("short_name", sa.String(length=64), nullable=True))
    op.add_column("party", sa.Column("description", sa.Text(), nullable=True))
    op.add_column("party", sa.Column("address", sa.Text(), nullable=True))
    op.add_column("counsel", sa.Column("of_counsel", sa.Boolean(), nullable=False,
                                       server_default=sa.false()))
    op.add_column("counsel", sa.Column("admission", sa.String(length=200), nullable=True))
    op.add_column("foia_request", sa.Column("expedite_basis", sa.Text(), nullable=True))
    op.add_column("foia_request", sa.Column("fee_waiver_basis", sa.Text(), nullable=True))
    # The CHECK a new file's create_all writes for the enumeration, written here by
    # hand: SQLite takes a CHECK in ADD COLUMN, Alembic's add_column would drop it.
    allowed = ", ".join(f"'{v}'" for v in _FEE_CATEGORIES)
    op.execute("ALTER TABLE foia_request ADD COLUMN fee_category VARCHAR(24) "
               f"CONSTRAINT ck_foia_request_fee_category CHECK (fee_category IN ({allowed}))")
    op.add_column("foia_request", sa.Column("fee_category_basis", sa.Text(), nullable=True))


def downgrade() -> None:
    # SQLite's own DROP COLUMN (3.35+): fee_category's CHECK is its own (a column
    # constraint), which SQLite drops with it; a batch rebuild would copy the CHECK
    # and fail on the missing column.
    for table, column in (("party", "short_name"), ("party", "description"),
                          ("party", "address"), ("counsel", "of_counsel"),
                          ("counsel", "admission"), ("foia_request", "expedite_basis"),
                          ("foia_request", "fee_waiver_basis"),
                          ("foia_request", "fee_category_basis"),
                          ("foia_request", "fee_category")):
        op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
