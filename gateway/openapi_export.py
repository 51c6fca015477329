"""Writes the gateway's OpenAPI document from the app object, without a server or database:
`python -m gateway.openapi_export out.json`. Settings are the defaults (not the environment),
so the document, and the SDK generated from it, are the same on every machine."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from gateway.app import create_app
from gateway.settings import GatewaySettings

# create_app opens nothing until its lifespan runs; this URL is never dialled.
_UNUSED_DATABASE = "postgresql+psycopg://unused@127.0.0.1:1/unused"


def openapi_document() -> dict[str, Any]:
    return create_app(GatewaySettings(database_url=_UNUSED_DATABASE)).openapi()


def write_document(document: dict[str, Any], path: Path) -> None:
    path.write_text(json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n")


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m gateway.openapi_export OUT.json", file=sys.stderr)
        return 2
    write_document(openapi_document(), Path(argv[0]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
