"""documents

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-03 18:34:49.182703
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # new tables only: nothing existing is altered
    op.create_table(
        "stored_files",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("mime_type", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_stored_files")),
    )
    op.create_table(
        "remote_files",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("remote_id", sa.String(length=255), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["sha256"],
            ["stored_files.sha256"],
            name=op.f("fk_remote_files_sha256_stored_files"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("sha256", "channel", name=op.f("pk_remote_files")),
    )
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("number", sa.String(length=64), nullable=True),
        sa.Column("number_key", sa.String(length=64), nullable=True),
        sa.Column("type_code", sa.String(length=8), nullable=True),
        sa.Column("issuer", sa.String(length=16), nullable=True),
        sa.Column("issued_on", sa.Date(), nullable=True),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column("owner_unit_id", sa.Integer(), nullable=False),
        sa.Column("uploaded_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["owner_unit_id"], ["units.id"], name=op.f("fk_documents_owner_unit_id_units")
        ),
        sa.ForeignKeyConstraint(
            ["sha256"], ["stored_files.sha256"], name=op.f("fk_documents_sha256_stored_files")
        ),
        sa.ForeignKeyConstraint(
            ["uploaded_by"],
            ["members.id"],
            name=op.f("fk_documents_uploaded_by_members"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_documents")),
    )
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_documents_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_documents_number_key"), ["number_key"], unique=False)
        batch_op.create_index(batch_op.f("ix_documents_owner_unit_id"), ["owner_unit_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_documents_sha256"), ["sha256"], unique=False)
        batch_op.create_index(batch_op.f("ix_documents_type_code"), ["type_code"], unique=False)

    op.create_table(
        "document_placements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("from_unit_id", sa.Integer(), nullable=True),
        sa.Column("placed_by", sa.Integer(), nullable=True),
        sa.Column("placed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_document_placements_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["from_unit_id"], ["units.id"], name=op.f("fk_document_placements_from_unit_id_units")
        ),
        sa.ForeignKeyConstraint(
            ["placed_by"],
            ["members.id"],
            name=op.f("fk_document_placements_placed_by_members"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"], name=op.f("fk_document_placements_unit_id_units")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_placements")),
        sa.UniqueConstraint("document_id", "unit_id", name=op.f("uq_document_placements_document_id")),
    )
    with op.batch_alter_table("document_placements", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_document_placements_document_id"), ["document_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_document_placements_unit_id"), ["unit_id"], unique=False)

    op.create_table(
        "document_publications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("published_by", sa.Integer(), nullable=True),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_document_publications_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["published_by"],
            ["members.id"],
            name=op.f("fk_document_publications_published_by_members"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["units.id"], name=op.f("fk_document_publications_unit_id_units")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_publications")),
    )
    with op.batch_alter_table("document_publications", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_document_publications_document_id"), ["document_id"], unique=False
        )

    op.create_table(
        "document_reads",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("first_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("times", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_document_reads_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_document_reads_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_reads")),
        sa.UniqueConstraint("document_id", "member_id", name=op.f("uq_document_reads_document_id")),
    )
    with op.batch_alter_table("document_reads", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_document_reads_document_id"), ["document_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_document_reads_member_id"), ["member_id"], unique=False)

    op.create_table(
        "meeting_papers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("from_unit_id", sa.Integer(), nullable=True),
        sa.Column("added_by", sa.Integer(), nullable=True),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["added_by"], ["members.id"], name=op.f("fk_meeting_papers_added_by_members"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_meeting_papers_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["from_unit_id"], ["units.id"], name=op.f("fk_meeting_papers_from_unit_id_units")
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
            name=op.f("fk_meeting_papers_meeting_id_meetings"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_papers")),
        sa.UniqueConstraint("meeting_id", "document_id", name=op.f("uq_meeting_papers_meeting_id")),
    )
    with op.batch_alter_table("meeting_papers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_meeting_papers_document_id"), ["document_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_meeting_papers_meeting_id"), ["meeting_id"], unique=False)


def downgrade() -> None:
    # new tables only: nothing existing is altered
    with op.batch_alter_table("meeting_papers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_papers_meeting_id"))
        batch_op.drop_index(batch_op.f("ix_meeting_papers_document_id"))

    op.drop_table("meeting_papers")
    with op.batch_alter_table("document_reads", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_document_reads_member_id"))
        batch_op.drop_index(batch_op.f("ix_document_reads_document_id"))

    op.drop_table("document_reads")
    with op.batch_alter_table("document_publications", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_document_publications_document_id"))

    op.drop_table("document_publications")
    with op.batch_alter_table("document_placements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_document_placements_unit_id"))
        batch_op.drop_index(batch_op.f("ix_document_placements_document_id"))

    op.drop_table("document_placements")
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_documents_type_code"))
        batch_op.drop_index(batch_op.f("ix_documents_sha256"))
        batch_op.drop_index(batch_op.f("ix_documents_owner_unit_id"))
        batch_op.drop_index(batch_op.f("ix_documents_number_key"))
        batch_op.drop_index(batch_op.f("ix_documents_created_at"))

    op.drop_table("documents")
    op.drop_table("remote_files")
    op.drop_table("stored_files")
