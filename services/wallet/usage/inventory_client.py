"""This context's read-through to inventory for one tenant number (shared client)."""

from platform_common.inventory_numbers import (
    GrpcInventory,
    InventoryPort,
    InventoryUnreachable,
    NumberState,
)

__all__ = ["GrpcInventory", "InventoryPort", "InventoryUnreachable", "NumberState"]
