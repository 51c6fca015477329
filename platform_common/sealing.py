"""Encryption at rest with keys from configuration: AES-256-GCM, a key id stored with every
ciphertext so keys rotate (the first configured key seals, every configured key opens).

The same mechanism as routing's webhook-secret box (services/routing/deliveries/secret_box.py),
made generic: callers choose the associated data that binds a ciphertext to its row, and the
environment variable the keys come from.
"""

from __future__ import annotations

import base64
import binascii
import os
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from platform_common.config import ConfigError

NONCE_BYTES = 12
KEY_BYTES = 32


@dataclass(frozen=True)
class Sealed:
    key_id: str
    nonce: bytes
    ciphertext: bytes


class SealingError(RuntimeError):
    """A stored ciphertext does not open (wrong key, tampered, or bound to another row)."""


class KeyRing:
    """Seals with the current key, opens with any configured one."""

    def __init__(self, keys: dict[str, bytes], current: str) -> None:
        if current not in keys:
            raise ConfigError(f"the current key id {current!r} has no key")
        for key_id, key in keys.items():
            if len(key) != KEY_BYTES:
                raise ConfigError(f"key {key_id!r} must be 32 bytes (base64 of 32 bytes)")
        self._keys = {k: AESGCM(v) for k, v in keys.items()}
        self.current = current

    @classmethod
    def from_config(cls, text: str, *, variable: str) -> KeyRing:
        """Reads `id1:base64key,id2:base64key` (the first seals). The value is never logged;
        errors name only `variable` and key ids."""
        keys: dict[str, bytes] = {}
        order: list[str] = []
        for item in (part.strip() for part in text.split(",")):
            if not item:
                continue
            key_id, sep, encoded = item.partition(":")
            if not sep or not key_id:
                raise ConfigError(f"{variable} must look like id:base64key[,id:base64key]")
            try:
                keys[key_id] = base64.b64decode(encoded, validate=True)
            except (binascii.Error, ValueError):
                raise ConfigError(f"{variable} key {key_id!r} is not base64") from None
            order.append(key_id)
        if not order:
            raise ConfigError(f"{variable} is empty")
        return cls(keys, order[0])

    @classmethod
    def generated(cls) -> KeyRing:
        """A ring with one fresh random key (tests, development)."""
        return cls({"generated": AESGCM.generate_key(bit_length=256)}, "generated")

    def seal(self, plaintext: bytes, *, associated: bytes) -> Sealed:
        nonce = os.urandom(NONCE_BYTES)
        return Sealed(
            self.current, nonce, self._keys[self.current].encrypt(nonce, plaintext, associated)
        )

    def open(self, sealed: Sealed, *, associated: bytes) -> bytes:
        key = self._keys.get(sealed.key_id)
        if key is None:
            raise SealingError(f"no configured key opens data sealed with {sealed.key_id!r}")
        try:
            return key.decrypt(sealed.nonce, sealed.ciphertext, associated)
        except InvalidTag:
            raise SealingError("stored data does not open with its key") from None


def generate_key_config(key_id: str = "k1") -> str:
    """A fresh `id:base64key` value for a key variable."""
    return f"{key_id}:{base64.b64encode(AESGCM.generate_key(bit_length=256)).decode()}"
