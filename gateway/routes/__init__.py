"""Public HTTP routes. Every router here is a PublicRouter, so the API conventions hold."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict


def operation_id_of(endpoint: Callable[..., Any]) -> str:
    """A route's default operationId: its function's name in camelCase (`rotate_sip_credential`
    -> `rotateSipCredential`). Generated clients name their methods after it, so it must stay
    stable: renaming a route function renames the SDK method unless `operation_id=` pins it."""
    head, *rest = endpoint.__name__.strip("_").split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest if part)


class PublicRouter(APIRouter):
    """An APIRouter whose routes omit null fields from responses (DESIGN.md §9) and get a
    camelCase operationId from their function's name unless they name one."""

    def add_api_route(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        kwargs["response_model_exclude_none"] = True
        if not kwargs.get("operation_id"):
            kwargs["operation_id"] = operation_id_of(endpoint)
        super().add_api_route(path, endpoint, **kwargs)


# What a default-looking operationId looks like: FastAPI's `<name>_<path>_<method>` or any
# snake_case; the rule test (tests/unit/test_openapi_for_generators.py) refuses both.
OPERATION_ID_PATTERN = re.compile(r"^[a-z][a-zA-Z0-9]*$")


class RequestBody(BaseModel):
    """Base of request bodies: unknown members are ignored, as the seed conventions require."""

    model_config = ConfigDict(extra="ignore")
