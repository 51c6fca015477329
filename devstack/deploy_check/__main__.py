"""`python -m devstack.deploy_check`: every check, one line per problem, exit 1 on any."""

from __future__ import annotations

import sys

from devstack.deploy_check.checks import run_checks


def main() -> int:
    problems = run_checks()
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"deploy-check: {len(problems)} problem(s)", file=sys.stderr)
        return 1
    print("deploy-check: overlays dev, prod, the PostgreSQL cluster and the NATS values are valid")
    return 0


if __name__ == "__main__":
    sys.exit(main())
