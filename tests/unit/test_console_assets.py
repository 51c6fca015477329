"""The console's static files: served from a fixed table with a strict Content Security Policy,
nothing outside it reachable, no asset fetched from elsewhere, every ES module import
resolvable."""

from __future__ import annotations

import asyncio
import re

import httpx
import pytest
from fastapi import FastAPI

from gateway.console import SECURITY_HEADERS, STATIC_DIR, console_router, load_assets
from gateway.problems import ApiProblem, problem_response


class Client:
    """A synchronous face on the app called in-process (no server, no lifespan needed)."""

    def __init__(self, app: FastAPI) -> None:
        self.app = app

    def get(self, path: str) -> httpx.Response:
        async def fetch() -> httpx.Response:
            transport = httpx.ASGITransport(app=self.app)
            async with httpx.AsyncClient(transport=transport, base_url="http://gw") as http:
                return await http.get(path)

        return asyncio.run(fetch())


@pytest.fixture(scope="module")
def client() -> Client:
    app = FastAPI()

    async def on_problem(request: object, exc: Exception) -> object:
        assert isinstance(exc, ApiProblem)
        return problem_response(exc)

    app.add_exception_handler(ApiProblem, on_problem)  # type: ignore[arg-type]
    app.include_router(console_router(load_assets()))
    return Client(app)


@pytest.mark.parametrize("path", ["/console", "/console/"])
def test_the_page_is_served_with_its_security_headers(client: Client, path: str) -> None:
    reply = client.get(path)
    assert reply.status_code == 200
    assert reply.headers["content-type"].startswith("text/html")
    assert '<script type="module" src="/console/assets/app.js">' in reply.text
    for name, value in SECURITY_HEADERS.items():
        assert reply.headers[name] == value
    assert "'unsafe-inline'" not in reply.headers["Content-Security-Policy"]


def test_assets_have_their_media_types(client: Client) -> None:
    assert (
        client.get("/console/assets/app.js").headers["content-type"].startswith("text/javascript")
    )
    assert client.get("/console/assets/app.css").headers["content-type"].startswith("text/css")
    assert client.get("/console/assets/pages/numbers.js").status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/console/assets/../__init__.py",
        "/console/assets/%2e%2e/__init__.py",
        "/console/assets/..%2f__init__.py",
        "/console/assets/__init__.py",
        "/console/assets/missing.js",
        "/console/assets/",
    ],
)
def test_nothing_outside_the_table_is_served(client: Client, path: str) -> None:
    reply = client.get(path)
    assert reply.status_code == 404
    assert "annotations" not in reply.text  # no Python source


def test_every_module_import_resolves_to_a_served_asset() -> None:
    assets = load_assets()
    for name, (content, _) in assets.items():
        if not name.endswith(".js"):
            continue
        base = name.rsplit("/", 1)[0] if "/" in name else ""
        for target in re.findall(r'from "(\.{1,2}/[^"]+)"', content.decode()):
            parts = [p for p in base.split("/") if p]
            for piece in target.split("/"):
                if piece == "..":
                    parts.pop()
                elif piece != ".":
                    parts.append(piece)
            assert "/".join(parts) in assets, f"{name} imports {target}"


def test_no_asset_reaches_another_origin() -> None:
    for path in STATIC_DIR.rglob("*"):
        if path.is_file():
            text = path.read_text()
            assert re.search(r"(src|href)=\"(https?:)?//", text) is None, path
            assert "innerHTML" not in text, path  # API data is never parsed as markup
