"""GET /v1/healthz: unauthenticated dependency report (200 all ok, else 503)."""

from __future__ import annotations

from fastapi import Request, Response
from pydantic import BaseModel

from gateway.health import HealthChecker
from gateway.routes import PublicRouter
from gateway.schemas.enums import CheckState, HealthStatus

router = PublicRouter(tags=["health"])


class HealthChecks(BaseModel):
    postgres: CheckState
    nats: CheckState
    inventory: CheckState
    wallet: CheckState
    credentials: CheckState
    routing: CheckState


class Health(BaseModel):
    status: HealthStatus
    checks: HealthChecks


@router.get(
    "/v1/healthz",
    response_model=Health,
    responses={503: {"model": Health, "description": "At least one dependency is down"}},
    operation_id="getHealth",
    summary="Health of the gateway and its dependencies",
)
async def healthz(request: Request, response: Response) -> Health:
    checker: HealthChecker = request.app.state.health
    report = await checker.report()
    response.status_code = 200 if report.healthy else 503
    response.headers["Cache-Control"] = "no-store"
    return Health(
        status=HealthStatus.ok if report.healthy else HealthStatus.degraded,
        checks=HealthChecks(**report.checks),  # type: ignore[arg-type]
    )
