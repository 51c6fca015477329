"""GET /v1/healthz: unauthenticated dependency report (200 all ok, else 503)."""

from __future__ import annotations

from typing import Literal

from fastapi import Request, Response
from pydantic import BaseModel

from gateway.health import HealthChecker
from gateway.routes import PublicRouter

router = PublicRouter(tags=["health"])

CheckState = Literal["ok", "down"]


class HealthChecks(BaseModel):
    postgres: CheckState
    nats: CheckState
    inventory: CheckState
    wallet: CheckState
    credentials: CheckState
    routing: CheckState


class Health(BaseModel):
    status: Literal["ok", "degraded"]
    checks: HealthChecks


@router.get(
    "/v1/healthz",
    response_model=Health,
    responses={503: {"model": Health, "description": "At least one dependency is down"}},
    summary="Health of the gateway and its dependencies",
)
async def healthz(request: Request, response: Response) -> Health:
    checker: HealthChecker = request.app.state.health
    report = await checker.report()
    response.status_code = 200 if report.healthy else 503
    response.headers["Cache-Control"] = "no-store"
    return Health(
        status="ok" if report.healthy else "degraded",
        checks=HealthChecks(**report.checks),  # type: ignore[arg-type]
    )
