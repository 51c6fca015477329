"""The customer console: static pages served at /console, a browser client of the public API.

The files under static/ are read once at start-up into a table, so a request can only ever get
one of them (no path from the URL reaches the filesystem). Every answer carries a Content
Security Policy that allows nothing but the gateway itself: no inline script, no CDN, no frame.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, FastAPI
from starlette.responses import Response

from gateway.problems import ApiProblem

STATIC_DIR = Path(__file__).parent / "static"
CONSOLE_URL = "/console"
ASSETS_URL = "/console/assets"

_MEDIA_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
}

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
        "frame-ancestors 'none'"
    ),
    "X-Frame-Options": "DENY",
    # Reset and invitation tokens travel in the URL's fragment, which browsers never send;
    # no-referrer still keeps page paths from leaking to anything the console links to.
    "Referrer-Policy": "no-referrer",
    # Small files, changed with each release: revalidate rather than serve a stale module.
    "Cache-Control": "no-cache",
}


def load_assets(directory: Path = STATIC_DIR) -> dict[str, tuple[bytes, str]]:
    """Every servable file under directory, by its path relative to it."""
    assets = {}
    for path in sorted(directory.rglob("*")):
        media_type = _MEDIA_TYPES.get(path.suffix)
        if path.is_file() and media_type:
            assets[path.relative_to(directory).as_posix()] = (path.read_bytes(), media_type)
    return assets


def console_router(assets: dict[str, tuple[bytes, str]]) -> APIRouter:
    router = APIRouter(include_in_schema=False)

    def answer(name: str) -> Response:
        found = assets.get(name)
        if found is None:
            raise ApiProblem(404, "not_found", "No such resource")
        content, media_type = found
        return Response(content, media_type=media_type, headers=SECURITY_HEADERS)

    @router.get(CONSOLE_URL)
    @router.get(CONSOLE_URL + "/")
    async def console_page() -> Response:
        return answer("index.html")

    @router.get(ASSETS_URL + "/{name:path}")
    async def console_asset(name: str) -> Response:
        return answer(name)

    return router


def install_console(app: FastAPI) -> None:
    """Serves the console pages from this package's static/ directory."""
    app.include_router(console_router(load_assets()))
