"""conclusions and meeting scores

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03 19:49:42.693247
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # new tables only: nothing existing is altered
    op.create_table(
        "score_sheets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.String(length=64), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["units.id"], name=op.f("fk_score_sheets_unit_id_units"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_score_sheets")),
        sa.UniqueConstraint("unit_id", "version", name=op.f("uq_score_sheets_unit_id")),
    )
    with op.batch_alter_table("score_sheets", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_score_sheets_unit_id"), ["unit_id"], unique=False)

    op.create_table(
        "meeting_conclusions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("posted_by", sa.Integer(), nullable=True),
        sa.Column("posted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
            name=op.f("fk_meeting_conclusions_meeting_id_meetings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["posted_by"],
            ["members.id"],
            name=op.f("fk_meeting_conclusions_posted_by_members"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_conclusions")),
        sa.UniqueConstraint("meeting_id", name=op.f("uq_meeting_conclusions_meeting_id")),
    )
    op.create_table(
        "meeting_member_ratings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("grade", sa.String(length=16), nullable=False),
        sa.Column("rated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
            name=op.f("fk_meeting_member_ratings_meeting_id_meetings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_meeting_member_ratings_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_member_ratings")),
        sa.UniqueConstraint("meeting_id", "member_id", name=op.f("uq_meeting_member_ratings_meeting_id")),
    )
    with op.batch_alter_table("meeting_member_ratings", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_meeting_member_ratings_meeting_id"), ["meeting_id"], unique=False
        )

    op.create_table(
        "meeting_scores",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("sheet_version", sa.String(length=64), nullable=False),
        sa.Column("scores", sa.JSON(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("grade", sa.String(length=16), nullable=False),
        sa.Column("scored_by", sa.Integer(), nullable=True),
        sa.Column("scored_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
            name=op.f("fk_meeting_scores_meeting_id_meetings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["scored_by"],
            ["members.id"],
            name=op.f("fk_meeting_scores_scored_by_members"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_scores")),
        sa.UniqueConstraint("meeting_id", name=op.f("uq_meeting_scores_meeting_id")),
    )


def downgrade() -> None:
    # new tables only: nothing existing is altered
    op.drop_table("meeting_scores")
    with op.batch_alter_table("meeting_member_ratings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_member_ratings_meeting_id"))

    op.drop_table("meeting_member_ratings")
    op.drop_table("meeting_conclusions")
    with op.batch_alter_table("score_sheets", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_score_sheets_unit_id"))

    op.drop_table("score_sheets")
