"""Dates the deadline engine needs: first receipt by any component, service.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27
"""
import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("foia_request") as batch_op:
        batch_op.add_column(sa.Column("first_received", sa.Date(), nullable=True))
    with op.batch_alter_table("matter") as batch_op:
        batch_op.add_column(sa.Column("served_on", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("matter") as batch_op:
        batch_op.drop_column("served_on")
    with op.batch_alter_table("foia_request") as batch_op:
        batch_op.drop_column("first_received")
