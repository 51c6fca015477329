"""Adapter to Safaricom's Daraja API (M-Pesa Express): OAuth token, STK push, STK query.

The access token is cached until shortly before it expires; concurrent callers that find it
stale share one refresh (single flight). Secrets (consumer secret, passkey, the token) are
never logged and never appear in an exception message.
"""

from __future__ import annotations

import asyncio
import base64
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx

from platform_common.timestamps import utc_now
from services.wallet.topups.domain import (
    MpesaRequestFailed,
    MpesaUnavailable,
    QueryAnswer,
    QueryOutcome,
)

log = logging.getLogger(__name__)

EAT = ZoneInfo("Africa/Nairobi")
# Refresh this long before Daraja's expiry so a request never carries a token that dies on
# the way.
TOKEN_REFRESH_MARGIN = timedelta(seconds=120)
# The STK query answers this error while the payer has not finished: back off and ask again.
STILL_PROCESSING_ERROR = "500.001.1001"


@dataclass(frozen=True)
class DarajaConfig:
    base_url: str
    consumer_key: str
    consumer_secret: str
    shortcode: str
    passkey: str
    timeout_seconds: float = 10.0

    def __repr__(self) -> str:  # keeps secrets out of tracebacks and debug logs
        return f"DarajaConfig(base_url={self.base_url!r}, shortcode={self.shortcode!r})"


@dataclass(frozen=True)
class PushAccepted:
    checkout_request_id: str
    merchant_request_id: str


def stk_password(shortcode: str, passkey: str, timestamp: str) -> str:
    """Password = base64(BusinessShortCode + Passkey + Timestamp)."""
    return base64.b64encode(f"{shortcode}{passkey}{timestamp}".encode()).decode()


def eat_timestamp(at: datetime) -> str:
    """YYYYMMDDHHmmss in East Africa Time, as Daraja expects."""
    return at.astimezone(EAT).strftime("%Y%m%d%H%M%S")


class DarajaClient:
    def __init__(
        self,
        config: DarajaConfig,
        *,
        clock: Callable[[], datetime] = utc_now,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.config = config
        self.clock = clock
        self._http = httpx.AsyncClient(
            base_url=config.base_url.rstrip("/"),
            timeout=config.timeout_seconds,
            transport=transport,
        )
        self._token: str | None = None
        self._token_expires_at: datetime | None = None
        self._refresh: asyncio.Task[str] | None = None
        self.token_fetches = 0

    async def close(self) -> None:
        await self._http.aclose()

    async def access_token(self) -> str:
        """A valid token; one refresh at a time however many callers find it stale."""
        now = self.clock()
        if self._token and self._token_expires_at and now < self._token_expires_at:
            return self._token
        if self._refresh is None or self._refresh.done():
            self._refresh = asyncio.create_task(self._fetch_token())
        return await asyncio.shield(self._refresh)

    async def _fetch_token(self) -> str:
        self.token_fetches += 1
        basic = base64.b64encode(
            f"{self.config.consumer_key}:{self.config.consumer_secret}".encode()
        ).decode()
        response = await self._send(
            "GET",
            "/oauth/v1/generate",
            params={"grant_type": "client_credentials"},
            headers={"Authorization": f"Basic {basic}"},
        )
        body = self._json(response)
        if response.status_code != 200 or not isinstance(body.get("access_token"), str):
            raise MpesaRequestFailed(
                f"Daraja refused the credentials (HTTP {response.status_code})"
            )
        try:
            lifetime = int(body.get("expires_in", "3599"))
        except (TypeError, ValueError):
            lifetime = 3599
        self._token = body["access_token"]
        self._token_expires_at = self.clock() + timedelta(seconds=lifetime) - TOKEN_REFRESH_MARGIN
        return self._token

    async def stk_push(
        self,
        *,
        phone: str,
        amount_shillings: int,
        callback_url: str,
        account_reference: str,
        description: str,
    ) -> PushAccepted:
        """Sends the payment prompt to the phone. Raises MpesaRequestFailed when Daraja
        refuses it, MpesaUnavailable when it cannot be reached."""
        timestamp = eat_timestamp(self.clock())
        payload = {
            "BusinessShortCode": self.config.shortcode,
            "Password": stk_password(self.config.shortcode, self.config.passkey, timestamp),
            "Timestamp": timestamp,
            "TransactionType": "CustomerPayBillOnline",
            "Amount": amount_shillings,
            "PartyA": phone,
            "PartyB": self.config.shortcode,
            "PhoneNumber": phone,
            "CallBackURL": callback_url,
            "AccountReference": account_reference[:12],
            "TransactionDesc": description[:13],
        }
        response = await self._authorised_post("/mpesa/stkpush/v1/processrequest", payload)
        body = self._json(response)
        if response.status_code == 200 and str(body.get("ResponseCode")) == "0":
            checkout = body.get("CheckoutRequestID")
            merchant = body.get("MerchantRequestID")
            if isinstance(checkout, str) and checkout:
                return PushAccepted(checkout, merchant if isinstance(merchant, str) else "")
        raise MpesaRequestFailed(f"M-Pesa refused the payment request: {_daraja_error(body)}")

    async def stk_query(self, checkout_request_id: str) -> QueryAnswer:
        """The payment's outcome; PROCESSING while the payer has not finished (or Daraja
        could not say now)."""
        timestamp = eat_timestamp(self.clock())
        payload = {
            "BusinessShortCode": self.config.shortcode,
            "Password": stk_password(self.config.shortcode, self.config.passkey, timestamp),
            "Timestamp": timestamp,
            "CheckoutRequestID": checkout_request_id,
        }
        try:
            response = await self._authorised_post("/mpesa/stkpushquery/v1/query", payload)
        except MpesaUnavailable:
            return QueryAnswer(QueryOutcome.PROCESSING)
        body = self._json(response)
        if response.status_code == 200 and "ResultCode" in body:
            try:
                code = int(str(body["ResultCode"]))
            except ValueError:
                return QueryAnswer(QueryOutcome.PROCESSING)
            description = body.get("ResultDesc")
            description = description[:500] if isinstance(description, str) else None
            outcome = QueryOutcome.SUCCEEDED if code == 0 else QueryOutcome.FAILED
            return QueryAnswer(outcome, code, description)
        if body.get("errorCode") != STILL_PROCESSING_ERROR:
            log.warning(
                "stk query did not answer",
                extra={"http_status": response.status_code, "error": _daraja_error(body)},
            )
        return QueryAnswer(QueryOutcome.PROCESSING)

    async def _authorised_post(self, path: str, payload: dict[str, Any]) -> httpx.Response:
        token = await self.access_token()
        response = await self._send(
            "POST", path, json=payload, headers={"Authorization": f"Bearer {token}"}
        )
        if response.status_code == 401:
            # The token was revoked early: forget it and try once with a fresh one.
            self._token = None
            token = await self.access_token()
            response = await self._send(
                "POST", path, json=payload, headers={"Authorization": f"Bearer {token}"}
            )
        return response

    async def _send(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        try:
            response = await self._http.request(method, path, **kwargs)
        except httpx.HTTPError as exc:
            raise MpesaUnavailable(f"M-Pesa could not be reached ({type(exc).__name__})") from None
        if response.status_code >= 500 and self._json(response).get("errorCode") is None:
            raise MpesaUnavailable(f"M-Pesa answered HTTP {response.status_code}")
        return response

    @staticmethod
    def _json(response: httpx.Response) -> dict[str, Any]:
        try:
            body = response.json()
        except ValueError:
            return {}
        return body if isinstance(body, dict) else {}


def _daraja_error(body: dict[str, Any]) -> str:
    code = body.get("errorCode") or body.get("ResponseCode") or "unknown"
    message = body.get("errorMessage") or body.get("ResponseDescription") or "no description"
    return f"{str(code)[:40]} {str(message)[:200]}"
