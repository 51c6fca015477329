"""A local stand-in for Safaricom's Daraja API (M-Pesa Express), speaking its wire format:
`GET /oauth/v1/generate`, `POST /mpesa/stkpush/v1/processrequest`,
`POST /mpesa/stkpushquery/v1/query`, and the callback it POSTs to `CallBackURL` a moment
after a push. It checks what the real one checks (Basic and Bearer auth, the Password, the
EAT timestamp, whole-shilling Amount, MSISDN format, AccountReference length).

The paying phone picks the outcome (MAGIC_PHONES); any other valid phone succeeds.
`python -m devstack.daraja_simulator` serves it (DARAJA_SIMULATOR_PORT, default 8089).
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import contextlib
import itertools
import logging
import os
import re
import secrets
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

log = logging.getLogger(__name__)

EAT = ZoneInfo("Africa/Nairobi")
# The public sandbox's documented credentials for the test shortcode; devstack uses them.
SANDBOX_SHORTCODE = "174379"
SANDBOX_PASSKEY = "bfb279f9aa9bdbcf158e97dd71a467cd2e0c893059b10f78e6b72ada1ed2c919"


@dataclass(frozen=True)
class Outcome:
    """How a payment ends: what the callback says and what the query says."""

    name: str
    result_code: int
    result_desc: str
    callbacks: int = 1  # 0: never calls back; 2: calls back twice
    query_code: int | None = None  # when the query disagrees with the callback
    query_desc: str | None = None
    processing_queries: int = 0  # queries answered "still processing" before the outcome


SUCCESS = Outcome("success", 0, "The service request is processed successfully.")
MAGIC_PHONES: dict[str, Outcome] = {
    "254708374149": SUCCESS,  # Daraja's own sandbox test MSISDN
    "254700000001": Outcome(
        "insufficient_funds", 1, "The balance is insufficient for the transaction."
    ),
    "254700001032": Outcome("cancelled", 1032, "Request cancelled by user"),
    "254700001037": Outcome("unreachable", 1037, "DS timeout user cannot be reached"),
    "254700002001": Outcome("wrong_pin", 2001, "The initiator information is invalid."),
    "254700000404": Outcome("never_calls_back", 0, SUCCESS.result_desc, callbacks=0),
    "254700000002": Outcome("calls_back_twice", 0, SUCCESS.result_desc, callbacks=2),
    "254700000666": Outcome(
        "callback_lies",
        0,
        SUCCESS.result_desc,
        query_code=1032,
        query_desc="Request cancelled by user",
    ),
    "254700000003": Outcome(
        "slow_no_callback", 0, SUCCESS.result_desc, callbacks=0, processing_queries=2
    ),
}
# Daraja refuses the push itself (HTTP 400 with an errorCode).
REFUSED_PHONE = "254700000400"

_MSISDN = re.compile(r"^254[17][0-9]{8}$")


@dataclass
class Payment:
    checkout_request_id: str
    merchant_request_id: str
    phone: str
    amount: int
    callback_url: str
    outcome: Outcome
    queries: int = 0


@dataclass
class DarajaSimulator:
    consumer_key: str = "sandbox-consumer-key"
    consumer_secret: str = "sandbox-consumer-secret"  # noqa: S105 - a placeholder
    shortcode: str = SANDBOX_SHORTCODE
    passkey: str = SANDBOX_PASSKEY
    callback_delay_seconds: float = 0.5
    token_lifetime_seconds: int = 3599
    tokens: set[str] = field(default_factory=set)
    payments: dict[str, Payment] = field(default_factory=dict)
    token_requests: int = 0
    # Tests close this to hold every STK query until they open it (to line racers up).
    queries_open: asyncio.Event = field(default_factory=asyncio.Event)
    waiting_queries: dict[str, int] = field(default_factory=dict)  # per CheckoutRequestID
    callbacks_sent: int = 0
    _tasks: set[asyncio.Task[None]] = field(default_factory=set)
    _counter: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def __post_init__(self) -> None:
        self.queries_open.set()

    def app(self) -> Starlette:
        return Starlette(
            routes=[
                Route("/oauth/v1/generate", self.generate_token, methods=["GET"]),
                Route("/mpesa/stkpush/v1/processrequest", self.process_request, methods=["POST"]),
                Route("/mpesa/stkpushquery/v1/query", self.query, methods=["POST"]),
            ]
        )

    async def generate_token(self, request: Request) -> JSONResponse:
        self.token_requests += 1
        scheme, _, encoded = request.headers.get("authorization", "").partition(" ")
        try:
            key, _, secret = base64.b64decode(encoded).decode().partition(":")
        except (binascii.Error, UnicodeDecodeError):
            key, secret = "", ""
        if (
            scheme != "Basic"
            or request.query_params.get("grant_type") != "client_credentials"
            or (key, secret) != (self.consumer_key, self.consumer_secret)
        ):
            return _error(400, "400.008.01", "Invalid Authentication passed")
        token = secrets.token_urlsafe(24)
        self.tokens.add(token)
        return JSONResponse({"access_token": token, "expires_in": str(self.token_lifetime_seconds)})

    def _authorised(self, request: Request) -> bool:
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        return scheme == "Bearer" and token in self.tokens

    def _password_error(self, body: dict[str, Any]) -> JSONResponse | None:
        timestamp = str(body.get("Timestamp", ""))
        try:
            datetime.strptime(timestamp, "%Y%m%d%H%M%S")
        except ValueError:
            return _error(400, "400.002.02", "Bad Request - Invalid Timestamp")
        if str(body.get("BusinessShortCode")) != self.shortcode:
            return _error(400, "400.002.02", "Bad Request - Invalid BusinessShortCode")
        expected = base64.b64encode(f"{self.shortcode}{self.passkey}{timestamp}".encode()).decode()
        if body.get("Password") != expected:
            return _error(400, "400.002.02", "Bad Request - Invalid Password")
        return None

    async def process_request(self, request: Request) -> JSONResponse:
        if not self._authorised(request):
            return _error(401, "404.001.03", "Invalid Access Token")
        body = await _json(request)
        problem = self._password_error(body)
        if problem is not None:
            return problem
        phone = str(body.get("PhoneNumber", ""))
        amount = body.get("Amount")
        if body.get("TransactionType") not in ("CustomerPayBillOnline", "CustomerBuyGoodsOnline"):
            return _error(400, "400.002.02", "Bad Request - Invalid TransactionType")
        if isinstance(amount, bool) or not isinstance(amount, int) or amount < 1:
            return _error(400, "400.002.02", "Bad Request - Invalid Amount")
        if not _MSISDN.match(phone) or str(body.get("PartyA")) != phone:
            return _error(400, "400.002.02", "Bad Request - Invalid PhoneNumber")
        if len(str(body.get("AccountReference", ""))) > 12:
            return _error(400, "400.002.02", "Bad Request - Invalid AccountReference")
        callback_url = str(body.get("CallBackURL", ""))
        if not callback_url.startswith(("http://", "https://")):
            return _error(400, "400.002.02", "Bad Request - Invalid CallBackURL")
        if phone == REFUSED_PHONE:
            return _error(400, "400.002.02", "Bad Request - Invalid PhoneNumber")
        number = next(self._counter)
        payment = Payment(
            checkout_request_id=f"ws_CO_{datetime.now(EAT):%d%m%Y%H%M%S}{number:06d}",
            merchant_request_id=f"{number}-{secrets.randbelow(10**7)}-1",
            phone=phone,
            amount=amount,
            callback_url=callback_url,
            outcome=MAGIC_PHONES.get(phone, SUCCESS),
        )
        self.payments[payment.checkout_request_id] = payment
        for _ in range(payment.outcome.callbacks):
            task = asyncio.create_task(self._call_back(payment))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        return JSONResponse(
            {
                "MerchantRequestID": payment.merchant_request_id,
                "CheckoutRequestID": payment.checkout_request_id,
                "ResponseCode": "0",
                "ResponseDescription": "Success. Request accepted for processing",
                "CustomerMessage": "Success. Request accepted for processing",
            }
        )

    async def query(self, request: Request) -> JSONResponse:
        if not self._authorised(request):
            return _error(401, "404.001.03", "Invalid Access Token")
        body = await _json(request)
        problem = self._password_error(body)
        if problem is not None:
            return problem
        payment = self.payments.get(str(body.get("CheckoutRequestID", "")))
        if payment is None:
            return _error(400, "400.002.02", "Bad Request - Invalid CheckoutRequestID")
        key = payment.checkout_request_id
        # One line per query (the id is no secret): tests count how often each was queried.
        log.info("stk query %s", key)
        self.waiting_queries[key] = self.waiting_queries.get(key, 0) + 1
        await self.queries_open.wait()
        payment.queries += 1
        outcome = payment.outcome
        if payment.queries <= outcome.processing_queries:
            return _error(500, "500.001.1001", "The transaction is being processed")
        code = outcome.result_code if outcome.query_code is None else outcome.query_code
        desc = outcome.result_desc if outcome.query_desc is None else outcome.query_desc
        return JSONResponse(
            {
                "ResponseCode": "0",
                "ResponseDescription": "The service request has been accepted successsfully",
                "MerchantRequestID": payment.merchant_request_id,
                "CheckoutRequestID": payment.checkout_request_id,
                "ResultCode": str(code),
                "ResultDesc": desc,
            }
        )

    def callback_body(self, payment: Payment) -> dict[str, Any]:
        """The callback Daraja would POST for this payment (items in Daraja's usual order)."""
        callback: dict[str, Any] = {
            "MerchantRequestID": payment.merchant_request_id,
            "CheckoutRequestID": payment.checkout_request_id,
            "ResultCode": payment.outcome.result_code,
            "ResultDesc": payment.outcome.result_desc,
        }
        if payment.outcome.result_code == 0:
            callback["CallbackMetadata"] = {
                "Item": [
                    {"Name": "Amount", "Value": float(payment.amount)},
                    {"Name": "MpesaReceiptNumber", "Value": _receipt(payment)},
                    {"Name": "Balance"},
                    {"Name": "TransactionDate", "Value": int(f"{datetime.now(EAT):%Y%m%d%H%M%S}")},
                    {"Name": "PhoneNumber", "Value": int(payment.phone)},
                ]
            }
        return {"Body": {"stkCallback": callback}}

    async def _call_back(self, payment: Payment) -> None:
        await asyncio.sleep(self.callback_delay_seconds)
        try:
            async with httpx.AsyncClient(timeout=10) as client:
                await client.post(payment.callback_url, json=self.callback_body(payment))
            self.callbacks_sent += 1
        except httpx.HTTPError as exc:
            log.warning("callback failed: %s", type(exc).__name__)

    async def drain(self) -> None:
        """Waits until every scheduled callback was sent (tests)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)


def _receipt(payment: Payment) -> str:
    return "SIM" + payment.checkout_request_id[-7:]


def _error(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse(
        {"requestId": secrets.token_hex(8), "errorCode": code, "errorMessage": message},
        status_code=status,
    )


async def _json(request: Request) -> dict[str, Any]:
    try:
        body = await request.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


@contextlib.asynccontextmanager
async def serving_simulator(simulator: DarajaSimulator) -> AsyncIterator[str]:
    """Runs the simulator on a free 127.0.0.1 port inside this event loop; yields its URL."""
    config = uvicorn.Config(
        simulator.app(), host="127.0.0.1", port=0, log_config=None, access_log=False
    )
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    while not server.started:
        if task.done():
            task.result()
            raise RuntimeError("the Daraja simulator stopped before it started")
        await asyncio.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        await simulator.drain()
        server.should_exit = True
        await task


def main() -> None:
    logging.basicConfig(level=logging.INFO)
    # httpx logs every request URL, and a callback URL carries its top-up's secret token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    simulator = DarajaSimulator(
        consumer_key=os.environ.get("DARAJA_CONSUMER_KEY", "sandbox-consumer-key"),
        consumer_secret=os.environ.get("DARAJA_CONSUMER_SECRET", "sandbox-consumer-secret"),
        shortcode=os.environ.get("DARAJA_SHORTCODE", SANDBOX_SHORTCODE),
        passkey=os.environ.get("DARAJA_PASSKEY", SANDBOX_PASSKEY),
        callback_delay_seconds=float(os.environ.get("DARAJA_SIMULATOR_CALLBACK_DELAY", "2")),
    )
    uvicorn.run(
        simulator.app(),
        host="127.0.0.1",
        port=int(os.environ.get("DARAJA_SIMULATOR_PORT", "8089")),
        log_config=None,
        access_log=False,
    )


if __name__ == "__main__":
    main()
