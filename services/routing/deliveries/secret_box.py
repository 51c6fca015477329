"""Encryption at rest of webhook signing secrets: AES-256-GCM with keys from configuration.

Each ciphertext is stored with the id of the key that sealed it, so keys rotate: the first
configured key seals new secrets, every configured key opens old ones. The workspace id is
bound in as associated data, so a ciphertext copied to another workspace's row does not open.
"""

from __future__ import annotations

import base64
import binascii
import os
import secrets
import uuid
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from platform_common.config import ConfigError

SECRET_PREFIX = "whsec_"  # noqa: S105 - the prefix, not a secret
SECRET_BYTES = 32
NONCE_BYTES = 12


@dataclass(frozen=True)
class Sealed:
    key_id: str
    nonce: bytes
    ciphertext: bytes


class SecretBox:
    """Seals and opens signing secrets. `keys` maps key id -> 32-byte key; `current` seals."""

    def __init__(self, keys: dict[str, bytes], current: str) -> None:
        if current not in keys:
            raise ConfigError(f"the current secret key id {current!r} has no key")
        for key_id, key in keys.items():
            if len(key) != 32:
                raise ConfigError(f"secret key {key_id!r} must be 32 bytes (base64 of 32 bytes)")
        self._keys = {k: AESGCM(v) for k, v in keys.items()}
        self.current = current

    @classmethod
    def from_config(cls, text: str) -> SecretBox:
        """Reads `id1:base64key,id2:base64key` (the first seals). Used with
        WEBHOOK_SECRET_KEYS; the value itself is never logged."""
        keys: dict[str, bytes] = {}
        order: list[str] = []
        for item in (part.strip() for part in text.split(",")):
            if not item:
                continue
            key_id, sep, encoded = item.partition(":")
            if not sep or not key_id:
                raise ConfigError("WEBHOOK_SECRET_KEYS must look like id:base64key[,id:base64key]")
            try:
                keys[key_id] = base64.b64decode(encoded, validate=True)
            except (binascii.Error, ValueError):
                raise ConfigError(f"WEBHOOK_SECRET_KEYS key {key_id!r} is not base64") from None
            order.append(key_id)
        if not order:
            raise ConfigError("WEBHOOK_SECRET_KEYS is empty")
        return cls(keys, order[0])

    @classmethod
    def generated(cls) -> SecretBox:
        """A box with a fresh random key (tests and benchmarks)."""
        return cls({"generated": AESGCM.generate_key(bit_length=256)}, "generated")

    def seal(self, secret: bytes, *, workspace_id: uuid.UUID) -> Sealed:
        nonce = os.urandom(NONCE_BYTES)
        sealed = self._keys[self.current].encrypt(nonce, secret, workspace_id.bytes)
        return Sealed(self.current, nonce, sealed)

    def open(self, sealed: Sealed, *, workspace_id: uuid.UUID) -> bytes:
        key = self._keys.get(sealed.key_id)
        if key is None:
            raise ConfigError(f"no configured key opens secrets sealed with {sealed.key_id!r}")
        try:
            return key.decrypt(sealed.nonce, sealed.ciphertext, workspace_id.bytes)
        except InvalidTag:
            raise ConfigError("a stored signing secret does not open with its key") from None


def new_secret_bytes() -> bytes:
    return secrets.token_bytes(SECRET_BYTES)


def shown_secret(secret: bytes) -> str:
    """The form a customer stores: whsec_ + base64 of the raw bytes (Standard Webhooks)."""
    return SECRET_PREFIX + base64.b64encode(secret).decode()


def generate_key_config(key_id: str = "k1") -> str:
    """A fresh WEBHOOK_SECRET_KEYS value (devstack writes one into its data directory)."""
    return f"{key_id}:{base64.b64encode(AESGCM.generate_key(bit_length=256)).decode()}"
