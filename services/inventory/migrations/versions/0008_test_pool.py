"""test mode: numbers carry livemode; the test pool is seeded (services/inventory/sandbox.py)

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-29 18:00:00.000000

Test numbers are the block +25418000xxxx and only it: a constraint ties the block to
livemode = false. The pool below is frozen here as the migration shipped it.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from platform_common.ids import new_id

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_POOL = [f"+25418000{i:04d}" for i in range(100)] + [
    "+254180000402",
    "+254180000409",
    "+254180000503",
]
_UNPAYABLE = "+254180000402"


def upgrade() -> None:
    op.add_column(
        "numbers",
        sa.Column("livemode", sa.Boolean(), server_default=sa.text("true"), nullable=False),
        schema="inventory",
    )
    op.create_check_constraint(
        "ck_numbers_test_pool_block",
        "numbers",
        "livemode <> (e164 LIKE '+25418000%')",
        schema="inventory",
    )
    numbers = sa.table(
        "numbers",
        sa.column("id", sa.UUID()),
        sa.column("e164", sa.Text()),
        sa.column("number_type", sa.Text()),
        sa.column("capabilities", sa.ARRAY(sa.Text())),
        sa.column("monthly_price_minor", sa.BigInteger()),
        sa.column("inbound_per_min_minor", sa.BigInteger()),
        sa.column("outbound_per_min_minor", sa.BigInteger()),
        sa.column("livemode", sa.Boolean()),
        schema="inventory",
    )
    rows: list[dict[str, object]] = [
        {
            "id": new_id(),
            "e164": e164,
            "number_type": "mobile",
            "capabilities": ["voice", "sms"],
            "monthly_price_minor": 10**14 if e164 == _UNPAYABLE else 50_000,
            "inbound_per_min_minor": 200,
            "outbound_per_min_minor": 400,
            "livemode": False,
        }
        for e164 in _POOL
    ]
    op.bulk_insert(numbers, rows)


def downgrade() -> None:
    op.execute("DELETE FROM inventory.numbers WHERE NOT livemode")
    op.drop_constraint("ck_numbers_test_pool_block", "numbers", schema="inventory", type_="check")
    op.drop_column("numbers", "livemode", schema="inventory")
