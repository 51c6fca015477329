"""Each gateway replica listens for API key revocations (PostgreSQL LISTEN on
key_admin.REVOCATION_CHANNEL) and drops the revoked key from its authentication cache, so a
revoked key stops working everywhere within a second instead of after the cache time.

If the listening connection is lost, notifications sent meanwhile are lost too: on every
(re)connection the whole cache is dropped, and the cache's short time-to-live bounds the
window while the listener is down.
"""

from __future__ import annotations

import asyncio
import logging

import psycopg
from psycopg import sql

from gateway.api_keys import Authenticator
from gateway.key_admin import REVOCATION_CHANNEL
from platform_common.db import libpq_url

log = logging.getLogger(__name__)


async def listen_for_revocations(
    database_url: str,
    authenticator: Authenticator,
    *,
    listening: asyncio.Event | None = None,
    retry_seconds: float = 1.0,
) -> None:
    """Runs until cancelled. `listening` is set each time the LISTEN is in place."""
    while True:
        try:
            async with await psycopg.AsyncConnection.connect(
                libpq_url(database_url), autocommit=True
            ) as conn:
                await conn.execute(sql.SQL("LISTEN {}").format(sql.Identifier(REVOCATION_CHANNEL)))
                authenticator.forget_all()  # whatever was revoked while we were not listening
                if listening is not None:
                    listening.set()
                async for notice in conn.notifies():
                    authenticator.forget_hash(notice.payload)
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            if listening is not None:
                listening.clear()
            log.warning(
                "api key revocation listener lost its connection; reconnecting",
                extra={"error": repr(exc)},
            )
            await asyncio.sleep(retry_seconds)
