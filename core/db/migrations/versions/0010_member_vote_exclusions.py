"""members.excluded: transferred out for a time, suspended, prosecuted or detained (out of the base)

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04 10:38:47.160196
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # a nullable column: existing members keep their data and are excluded from nothing
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.add_column(sa.Column("excluded", sa.String(length=16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.drop_column("excluded")
