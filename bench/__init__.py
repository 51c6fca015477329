"""Benchmarks (`make bench`). Each reports its figures next to a baseline measured in the same
run on the same machine, as ratios; nothing here asserts a time."""
