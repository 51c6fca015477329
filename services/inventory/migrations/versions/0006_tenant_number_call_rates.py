"""call billing: per-minute rates fixed on each tenant number at claim time

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29 15:10:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A holding keeps the rates of its claim: a later price change of the inventory number
    # applies to new claims only. Existing holdings take the number's rates of today.
    for column in ("inbound_per_min_minor", "outbound_per_min_minor"):
        op.add_column(
            "tenant_numbers",
            sa.Column(column, sa.BigInteger(), server_default="0", nullable=False),
            schema="inventory",
        )
    op.execute(
        "UPDATE inventory.tenant_numbers t SET inbound_per_min_minor = n.inbound_per_min_minor, "
        "outbound_per_min_minor = n.outbound_per_min_minor FROM inventory.numbers n "
        "WHERE n.id = t.number_id"
    )
    op.create_check_constraint(
        "ck_tenant_numbers_rates_not_negative",
        "tenant_numbers",
        "inbound_per_min_minor >= 0 AND outbound_per_min_minor >= 0",
        schema="inventory",
    )


def downgrade() -> None:
    op.drop_constraint("ck_tenant_numbers_rates_not_negative", "tenant_numbers", schema="inventory")
    op.drop_column("tenant_numbers", "outbound_per_min_minor", schema="inventory")
    op.drop_column("tenant_numbers", "inbound_per_min_minor", schema="inventory")
