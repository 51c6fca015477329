"""Public HTTP routes. Every router here is a PublicRouter, so the API conventions hold."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict


class PublicRouter(APIRouter):
    """An APIRouter whose routes omit null fields from responses (DESIGN.md §9)."""

    def add_api_route(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        kwargs["response_model_exclude_none"] = True
        super().add_api_route(path, endpoint, **kwargs)


class RequestBody(BaseModel):
    """Base of request bodies: unknown members are ignored, as the seed conventions require."""

    model_config = ConfigDict(extra="ignore")
