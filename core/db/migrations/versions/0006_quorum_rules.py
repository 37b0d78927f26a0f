"""quorum rules

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03 20:04:13.545737
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # a new table only: nothing existing is altered
    op.create_table(
        "quorum_rules",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("numerator", sa.Integer(), nullable=False),
        sa.Column("denominator", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["units.id"], name=op.f("fk_quorum_rules_unit_id_units"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quorum_rules")),
        sa.UniqueConstraint("unit_id", name=op.f("uq_quorum_rules_unit_id")),
    )


def downgrade() -> None:
    # a new table only: nothing existing is altered
    op.drop_table("quorum_rules")
