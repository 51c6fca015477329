"""Test mode's time machine: one workspace's renewal now, one trial ended now."""
