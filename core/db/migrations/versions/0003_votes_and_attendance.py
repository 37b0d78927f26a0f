"""votes and attendance

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03 19:32:26.116786
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # new tables only: nothing existing is altered
    op.create_table(
        "meeting_attendance",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.Integer(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
            name=op.f("fk_meeting_attendance_meeting_id_meetings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_meeting_attendance_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by"],
            ["members.id"],
            name=op.f("fk_meeting_attendance_recorded_by_members"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_attendance")),
        sa.UniqueConstraint("meeting_id", "member_id", name=op.f("uq_meeting_attendance_meeting_id")),
    )
    with op.batch_alter_table("meeting_attendance", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_meeting_attendance_meeting_id"), ["meeting_id"], unique=False)

    op.create_table(
        "votes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("secret", sa.Boolean(), nullable=False),
        sa.Column("choices", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("closes_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("opened_by", sa.Integer(), nullable=True),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("outcome", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_votes_meeting_id_meetings"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["opened_by"], ["members.id"], name=op.f("fk_votes_opened_by_members"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_votes")),
    )
    with op.batch_alter_table("votes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_votes_meeting_id"), ["meeting_id"], unique=False)

    op.create_table(
        "vote_ballots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("vote_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("choice", sa.String(length=200), nullable=False),
        sa.Column("cast_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f("fk_vote_ballots_member_id_members"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["vote_id"], ["votes.id"], name=op.f("fk_vote_ballots_vote_id_votes"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vote_ballots")),
        sa.UniqueConstraint("vote_id", "member_id", name=op.f("uq_vote_ballots_vote_id")),
    )
    with op.batch_alter_table("vote_ballots", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_vote_ballots_vote_id"), ["vote_id"], unique=False)

    op.create_table(
        "vote_secret_tallies",
        sa.Column("vote_id", sa.Integer(), nullable=False),
        sa.Column("choice", sa.String(length=200), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["vote_id"], ["votes.id"], name=op.f("fk_vote_secret_tallies_vote_id_votes"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("vote_id", "choice", name=op.f("pk_vote_secret_tallies")),
    )
    op.create_table(
        "vote_secret_voters",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("vote_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_vote_secret_voters_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["vote_id"], ["votes.id"], name=op.f("fk_vote_secret_voters_vote_id_votes"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vote_secret_voters")),
        sa.UniqueConstraint("vote_id", "member_id", name=op.f("uq_vote_secret_voters_vote_id")),
    )
    with op.batch_alter_table("vote_secret_voters", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_vote_secret_voters_vote_id"), ["vote_id"], unique=False)


def downgrade() -> None:
    # new tables only: nothing existing is altered
    with op.batch_alter_table("vote_secret_voters", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_vote_secret_voters_vote_id"))

    op.drop_table("vote_secret_voters")
    op.drop_table("vote_secret_tallies")
    with op.batch_alter_table("vote_ballots", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_vote_ballots_vote_id"))

    op.drop_table("vote_ballots")
    with op.batch_alter_table("votes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_votes_meeting_id"))

    op.drop_table("votes")
    with op.batch_alter_table("meeting_attendance", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_attendance_meeting_id"))

    op.drop_table("meeting_attendance")
