"""Schema revision 3: contract quarters, the buyer's nation and each return's last day.

New contracts report by contract quarter (`Y1Q1` is the first three months from the start
date); contracts already in a register keep the calendar quarters their returns were filed
under (`periods = 'calendar'`), so nothing already recorded changes meaning. `nation` picks the
bank holidays that count when a return is due (England for existing contracts, as before).
`returns.period_end` is the last day of the quarter a return covers, so the system-wide roll-up
can gather every contract's returns for a financial year or quarter by date.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def _calendar_quarter_end(key: str) -> date:
    year, q = int(key[:4]), int(key[-1])
    if q == 4:
        return date(year, 12, 31)
    return date(year, 3 * q + 1, 1) - timedelta(days=1)


def upgrade() -> None:
    op.add_column("contracts", sa.Column("periods", sa.String(10), nullable=False,
                                         server_default="calendar"))
    op.add_column("contracts", sa.Column("nation", sa.String(20), nullable=False,
                                         server_default="england"))
    op.add_column("returns", sa.Column("period_end", sa.Date, nullable=True))
    op.create_index("ix_returns_period_end", "returns", ["period_end", "superseded"])
    bind = op.get_bind()
    rows = bind.execute(sa.text(
        "SELECT r.id, r.quarter, c.end_date FROM returns r JOIN contracts c "
        "ON c.id = r.contract_id")).all()
    for rid, key, end in rows:
        if isinstance(end, str):
            end = date.fromisoformat(end[:10])
        bind.execute(sa.text("UPDATE returns SET period_end = :d WHERE id = :i"),
                     {"d": min(_calendar_quarter_end(key), end), "i": rid})


def downgrade() -> None:
    op.drop_index("ix_returns_period_end", "returns")
    op.drop_column("returns", "period_end")
    op.drop_column("contracts", "nation")
    op.drop_column("contracts", "periods")
