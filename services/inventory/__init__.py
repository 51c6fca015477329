"""Inventory context: the pool of +254 numbers, the numbers each workspace holds, the claim saga."""
