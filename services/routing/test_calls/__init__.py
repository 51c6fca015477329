"""Test mode's simulated calls: the routing service plays the voice platform for one call."""
