"""Encryption of an order's personal data (registration values and documents).

Envelope encryption: each order gets its own random data key; the data key is sealed with the
configured key ring (ORDER_DATA_KEYS, key id stored beside it, so keys rotate) and every value
and document is sealed with the data key, bound to its order and name (AES-GCM associated
data: a ciphertext copied to another order or field does not open). Crypto-shredding an order
drops its sealed data key: nothing it sealed can be opened again, backups included.
"""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from platform_common.sealing import NONCE_BYTES, KeyRing, Sealed

KEYS_VARIABLE = "ORDER_DATA_KEYS"


@dataclass(frozen=True)
class DataKey:
    """An order's open data key (in memory only) and its sealed form (stored)."""

    key: bytes
    sealed: Sealed


@dataclass(frozen=True)
class SealedValue:
    nonce: bytes
    ciphertext: bytes


class OrderDataBox:
    def __init__(self, ring: KeyRing) -> None:
        self.ring = ring

    def new_data_key(self, order_id: uuid.UUID) -> DataKey:
        key = AESGCM.generate_key(bit_length=256)
        return DataKey(key, self.ring.seal(key, associated=b"order-data-key:" + order_id.bytes))

    def open_data_key(self, sealed: Sealed, order_id: uuid.UUID) -> bytes:
        return self.ring.open(sealed, associated=b"order-data-key:" + order_id.bytes)

    @staticmethod
    def seal(key: bytes, order_id: uuid.UUID, label: str, plaintext: bytes) -> SealedValue:
        nonce = os.urandom(NONCE_BYTES)
        return SealedValue(
            nonce, AESGCM(key).encrypt(nonce, plaintext, order_id.bytes + label.encode())
        )

    @staticmethod
    def open(key: bytes, order_id: uuid.UUID, label: str, value: SealedValue) -> bytes:
        return AESGCM(key).decrypt(value.nonce, value.ciphertext, order_id.bytes + label.encode())
