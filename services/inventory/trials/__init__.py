"""Trial numbers: provisioned by support without a charge, reminded a day before, released
when the trial ends, or converted to a paid number by the workspace's claim."""
