"""Schemathesis over the whole OpenAPI document, against the real gateway (uvicorn on
127.0.0.1) in front of the real inventory, wallet, routing and credentials services: for every
operation, examples generated from the schema, sent with a valid live key and a valid test
key, must get no 5xx and a response that matches the document (status, content type,
headers, body schema). Bounded: EXAMPLES per operation and key; rate limits set high so the
suite measures the API, not the limiter. Nothing leaves 127.0.0.1 (loopback_guard).

Per operation (valid and invalid examples), then stateful: chains along the links schemathesis
infers from the document (the document declares none itself)."""

from __future__ import annotations

import asyncio
import itertools
import uuid
from typing import Any

import hypothesis
import requests
import schemathesis
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.generation import GenerationMode

from devstack.daraja_simulator import serving_simulator
from gateway.app import create_app
from gateway.settings import GatewaySettings
from gateway.testing import serving_http
from tests.integration.loopback_guard import loopback_only
from tests.integration.test_mode_harness import ModeStack, running_mode_stack
from tests.integration.topups_harness import daraja_simulator

EXAMPLES = 8
METHODS = ("get", "post", "put", "patch", "delete")
TENANT_HEADERS = ("Sautikit-Workspace", "X-Organization-Id")
HIGH = 1_000_000
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


def gateway_settings(stack: ModeStack) -> GatewaySettings:
    return GatewaySettings(
        database_url=stack.database_url,
        nats_url=stack.nats_url,
        inventory_addr=stack.inventory_address,
        wallet_addr=stack.wallet_address,
        credentials_addr=stack.credentials_address,
        routing_addr=stack.routing_address,
        rate_limit_search_per_key=HIGH,
        rate_limit_mutations_per_key=HIGH,
        rate_limit_credentials_per_key=HIGH,
        rate_limit_reads_per_key=HIGH,
        rate_limit_search_per_address=HIGH,
        rate_limit_mutations_per_address=HIGH,
        rate_limit_credentials_per_address=HIGH,
    )


# Invalid input (negative mode): a precise 4xx problem whose body and content type the document
# states, never a 5xx.
NEGATIVE_CHECKS = [not_a_server_error, content_type_conformance, response_schema_conformance]
NEGATIVE_EXAMPLES = 4


def fuzz(
    doc: dict[str, Any], base_url: str, keys: list[dict[str, str]], statuses: list[int]
) -> list[str]:
    """Runs every operation's examples (blocking: call it off the event loop); returns the
    failures, one line each, and notes each answer's status in `statuses`."""
    schema = schemathesis.openapi.from_dict(doc)
    failures: list[str] = []
    session = requests.Session()
    session.trust_env = False  # no proxy from the environment: loopback only
    for result in schema.get_all_operations():
        operation = result.ok()
        for headers, mode in itertools.product(keys, GenerationMode):
            try:
                examples(operation, mode, base_url, headers, session, failures, statuses)()
            except hypothesis.errors.Unsatisfiable:
                assert mode is GenerationMode.NEGATIVE, operation.label  # nothing to make invalid
            except (Exception, BaseExceptionGroup) as failure:
                failures.append(f"{operation.label}: {str(failure)[:800]}")
    return failures


STATEFUL_RUNS = 10
STATEFUL_STEPS = 6


def stateful(
    doc: dict[str, Any], base_url: str, headers: dict[str, str], statuses: list[int]
) -> list[str]:
    """Chains of calls along the links schemathesis infers (a created object's id fed to the
    routes that take it); blocking. Returns the failure that stopped it, if any."""
    session = requests.Session()
    session.trust_env = False
    machine = schemathesis.openapi.from_dict(doc).as_state_machine()

    class Workflow(machine):  # type: ignore[misc, valid-type]
        def get_call_kwargs(self, case: Any) -> dict[str, Any]:
            return {"base_url": base_url, "session": session}

        def before_call(self, case: Any) -> None:
            sent = {**(case.headers or {}), **headers, "Idempotency-Key": uuid.uuid4().hex}
            for name in TENANT_HEADERS:
                sent.pop(name, None)
            case.headers = sent

        def validate_response(self, response: Any, case: Any, *args: Any, **kwargs: Any) -> None:
            statuses.append(response.status_code)
            case.validate_response(response, checks=CHECKS)

    try:
        Workflow.run(
            settings=hypothesis.settings(
                max_examples=STATEFUL_RUNS,
                stateful_step_count=STATEFUL_STEPS,
                deadline=None,
                database=None,
                derandomize=True,
                suppress_health_check=list(hypothesis.HealthCheck),
                phases=[hypothesis.Phase.generate],
            )
        )
    except (Exception, BaseExceptionGroup) as failure:
        return [f"stateful: {str(failure)[:1500]}"]
    return []


def examples(  # type: ignore[no-untyped-def]
    operation: Any,
    mode: GenerationMode,
    base_url: str,
    headers: dict[str, str],
    session: requests.Session,
    failures: list[str],
    statuses: list[int],
):
    """The bounded property test of one operation with one key."""

    @hypothesis.settings(
        max_examples=EXAMPLES if mode is GenerationMode.POSITIVE else NEGATIVE_EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(hypothesis.HealthCheck),
        phases=[hypothesis.Phase.explicit, hypothesis.Phase.generate],
    )
    @hypothesis.given(case=operation.as_strategy(mode))
    def run(case: Any) -> None:
        sent = {**(case.headers or {}), **headers}
        if mode is GenerationMode.POSITIVE:
            # Generated tenant headers name other organizations (403 before the route runs):
            # valid requests leave them out, so their bodies reach the services.
            for name in TENANT_HEADERS:
                sent.pop(name, None)
        sent.setdefault("Idempotency-Key", uuid.uuid4().hex)
        case.headers = sent
        response = case.call(base_url=base_url, session=session)
        statuses.append(response.status_code)
        try:
            checks = CHECKS if mode is GenerationMode.POSITIVE else NEGATIVE_CHECKS
            case.validate_response(response, checks=checks)
        except Exception as failure:
            failures.append(f"{operation.label}: {str(failure)[:600]}")

    return run


async def test_every_operation_answers_within_its_schema_and_never_5xx(
    database_url: str, nats_url: str
) -> None:
    with loopback_only() as refused:
        async with (
            serving_simulator(daraja_simulator()) as daraja_url,
            running_mode_stack(database_url, nats_url, daraja_url=daraja_url) as stack,
        ):
            await stack.fund(stack.live, 100_000_000)
            app = create_app(gateway_settings(stack))
            async with serving_http(app) as base_url:
                doc = app.openapi()
                keys = [stack.live.headers, stack.test.headers]
                statuses: list[int] = []
                failures = await asyncio.to_thread(fuzz, doc, base_url, keys, statuses)
                for headers in keys:
                    chained: list[int] = []
                    failures += await asyncio.to_thread(stateful, doc, base_url, headers, chained)
                    assert chained, "the stateful run made no call"
    assert not failures, "\n".join(failures)
    operations = sum(1 for ops in doc["paths"].values() for m in ops if m in METHODS)
    assert len(statuses) >= operations * len(keys), "some operations were never called"
    assert any(200 <= s < 300 for s in statuses), "nothing was accepted: the keys are wrong"
    assert refused == []
