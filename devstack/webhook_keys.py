"""The local platform's WEBHOOK_SECRET_KEYS: generated once into the data directory (mode 0600)
and reused on every start, so signing secrets sealed yesterday still open today."""

from __future__ import annotations

import os
from pathlib import Path

from services.routing.deliveries.secret_box import generate_key_config


def webhook_secret_keys(data_dir: Path) -> str:
    path = data_dir / "webhook-secret-keys"
    if not path.exists():
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(generate_key_config("local1"))
    return path.read_text().strip()


def order_data_keys(data_dir: Path) -> str:
    """The local platform's ORDER_DATA_KEYS (number orders' personal data), kept the same way."""
    path = data_dir / "order-data-keys"
    if not path.exists():
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(generate_key_config("local1"))
    return path.read_text().strip()
