"""platform_common.event_loop.run: the loop every service and the gateway serve on."""

from __future__ import annotations

import asyncio
import gc

from platform_common import event_loop


def test_run_freezes_start_up_objects_before_the_loop_starts() -> None:
    """Start-up's objects live as long as the process; frozen, the collector's full passes
    stop walking them (~90 ms a pass in a service) while requests wait."""

    async def frozen_while_running() -> int:
        return gc.get_freeze_count()

    gc.unfreeze()
    try:
        assert event_loop.run(frozen_while_running()) > 0
    finally:
        gc.unfreeze()  # give this test process's objects back to the collector


def test_run_uses_uvloop() -> None:
    async def loop_type() -> str:
        return type(asyncio.get_running_loop()).__module__

    assert event_loop.run(loop_type()).startswith("uvloop")
