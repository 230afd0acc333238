"""Schema revision 2: case studies sent with a quarterly return.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "case_studies",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("return_id", sa.Integer, sa.ForeignKey("returns.id"), nullable=False),
        sa.Column("measure_ref", sa.String(40), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("story", sa.Text, nullable=False),
    )
    op.create_index("ix_case_studies_return_id", "case_studies", ["return_id"])


def downgrade() -> None:
    op.drop_table("case_studies")
