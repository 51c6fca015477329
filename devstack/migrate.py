"""Migrates every context's schema (what `make run` and the tests do before starting)."""

from __future__ import annotations

import sys
from pathlib import Path

from platform_common.migrations import upgrade

ROOT = Path(__file__).resolve().parent.parent

# Order does not matter (no cross-schema references); listed for readability.
MIGRATION_DIRS = {
    "gateway": ROOT / "gateway" / "migrations",
    "inventory": ROOT / "services" / "inventory" / "migrations",
    "wallet": ROOT / "services" / "wallet" / "migrations",
    "credentials": ROOT / "services" / "credentials" / "migrations",
    "routing": ROOT / "services" / "routing" / "migrations",
    "notifications": ROOT / "services" / "notifications" / "migrations",
}


def migrate_all(database_url: str) -> None:
    for migrations_dir in MIGRATION_DIRS.values():
        if migrations_dir.exists():
            upgrade(migrations_dir, database_url)


if __name__ == "__main__":
    import os

    migrate_all(sys.argv[1] if len(sys.argv) > 1 else os.environ["DATABASE_URL"])
