"""Schema revision 1: organisations, contracts, commitments, targets, returns, audit trail.

Revision ID: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "organisations",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False, unique=True),
    )
    op.create_table(
        "contracts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("reference", sa.String(100), nullable=False, unique=True),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("organisation_id", sa.Integer, sa.ForeignKey("organisations.id"), nullable=False),
        sa.Column("supplier", sa.String(200), nullable=False),
        sa.Column("service_type", sa.String(100), nullable=False),
        sa.Column("value_gbp", sa.Float, nullable=False),
        sa.Column("award_date", sa.Date, nullable=False),
        sa.Column("start_date", sa.Date, nullable=False),
        sa.Column("end_date", sa.Date, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_contracts_organisation_id", "contracts", ["organisation_id"])
    op.create_table(
        "contract_places",
        sa.Column("contract_id", sa.Integer, sa.ForeignKey("contracts.id"), primary_key=True),
        sa.Column("place", sa.String(100), primary_key=True),
    )
    op.create_table(
        "commitments",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("contract_id", sa.Integer, sa.ForeignKey("contracts.id"), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("measure_ref", sa.String(40), nullable=False),
        sa.Column("measure_text", sa.Text, nullable=False),
        sa.Column("unit", sa.String(40), nullable=False),
        sa.Column("theme", sa.String(200), nullable=False),
        sa.Column("outcome", sa.String(200), nullable=False),
        sa.Column("partner_vcfse", sa.Boolean, nullable=False),
        sa.Column("baseline", sa.Float, nullable=True),
        sa.Column("delivery_method", sa.Text, nullable=False),
        sa.UniqueConstraint("contract_id", "measure_ref"),
    )
    op.create_index("ix_commitments_contract_id", "commitments", ["contract_id"])
    op.create_table(
        "targets",
        sa.Column("commitment_id", sa.Integer, sa.ForeignKey("commitments.id"), primary_key=True),
        sa.Column("year", sa.Integer, primary_key=True),
        sa.Column("target", sa.Float, nullable=False),
    )
    op.create_table(
        "returns",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("contract_id", sa.Integer, sa.ForeignKey("contracts.id"), nullable=False),
        sa.Column("quarter", sa.String(7), nullable=False),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("superseded", sa.Boolean, nullable=False),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.Column("source_file", sa.String(300), nullable=False),
        sa.Column("submitted_by", sa.String(200), nullable=False),
        sa.Column("received_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("contract_id", "quarter", "revision"),
    )
    op.create_index("ix_returns_contract_id", "returns", ["contract_id"])
    op.create_index("ix_returns_current", "returns", ["quarter", "superseded"])
    op.create_table(
        "return_lines",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("return_id", sa.Integer, sa.ForeignKey("returns.id"), nullable=False),
        sa.Column("commitment_id", sa.Integer, sa.ForeignKey("commitments.id"), nullable=False),
        sa.Column("actual", sa.Float, nullable=False),
        sa.Column("evidence", sa.Text, nullable=False),
        sa.Column("narrative", sa.Text, nullable=False),
    )
    op.create_index("ix_return_lines_return_id", "return_lines", ["return_id"])
    op.create_index("ix_return_lines_commitment_id", "return_lines", ["commitment_id"])
    op.create_table(
        "audit",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("contract_ref", sa.String(100), nullable=False),
        sa.Column("detail", sa.Text, nullable=False),
    )


def downgrade() -> None:
    for table in ("audit", "return_lines", "returns", "targets", "commitments",
                  "contract_places", "contracts", "organisations"):
        op.drop_table(table)
