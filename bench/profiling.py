"""`make bench` with `--profile`: py-spy samples every platform process (and the load generator)
while each stage runs, and writes one profile per (stage, process) under .data/bench/profiles/.

Collapsed stacks (`--profile-format raw`, the default) are summarised into the top frames by
own and by total time; `--profile-format flamegraph` writes SVG flame graphs instead.
"""

from __future__ import annotations

import collections
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

from devstack.launcher import RunningPlatform


def py_spy() -> str:
    found = Path(sys.executable).parent / "py-spy"
    if found.exists():
        return str(found)
    return shutil.which("py-spy") or "py-spy"


def platform_processes(platform: RunningPlatform) -> dict[str, int]:
    """name -> pid of every Python process of the platform, plus this load generator."""
    found = {"loadgen": os.getpid()}
    for process in platform.descendants():
        try:
            cmdline = process.cmdline()
        except Exception:  # noqa: S112 - a process that just ended is not profiled
            continue
        if "-m" in cmdline:
            module = cmdline[cmdline.index("-m") + 1]
            if module.startswith("services."):
                found[module.split(".")[1]] = process.pid
            elif module == "gateway.main":
                found["gateway"] = process.pid
    return found


class StageProfile:
    """py-spy record on each process from start() until stop()."""

    def __init__(self, directory: Path, stage: str, fmt: str = "raw") -> None:
        self.directory = directory
        self.stage = stage
        self.fmt = fmt
        self._recorders: dict[str, tuple[subprocess.Popen[bytes], Path]] = {}

    def start(self, processes: dict[str, int]) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        suffix = "svg" if self.fmt == "flamegraph" else "txt"
        for name, pid in processes.items():
            out = self.directory / f"{self.stage}-{name}.{suffix}"
            recorder = subprocess.Popen(
                [
                    py_spy(),
                    "record",
                    "--pid",
                    str(pid),
                    "--rate",
                    "97",
                    "--nonblocking",
                    "--format",
                    self.fmt,
                    "--output",
                    str(out),
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            self._recorders[name] = (recorder, out)

    def stop(self) -> dict[str, Path]:
        for recorder, _ in self._recorders.values():
            recorder.send_signal(signal.SIGINT)
        written = {}
        for name, (recorder, out) in self._recorders.items():
            try:
                recorder.wait(timeout=60)
            except subprocess.TimeoutExpired:
                recorder.kill()
            if out.exists():
                written[name] = out
                if self.fmt == "raw":
                    out.with_suffix(".top").write_text(summarise(out))
        return written


def summarise(collapsed: Path, top: int = 25) -> str:
    """Top frames by own samples and by total samples (a frame counted once per stack)."""
    own: collections.Counter[str] = collections.Counter()
    total: collections.Counter[str] = collections.Counter()
    samples = 0
    for line in collapsed.read_text().splitlines():
        stack, _, count_text = line.rpartition(" ")
        if not count_text.isdigit():
            continue
        count = int(count_text)
        frames = stack.split(";")
        samples += count
        own[frames[-1]] += count
        for frame in set(frames):
            total[frame] += count
    lines = [f"{collapsed.name}: {samples} samples"]
    for title, counter in (("own", own), ("total", total)):
        lines.append(f"-- top {top} by {title} time")
        for frame, count in counter.most_common(top):
            lines.append(f"{100 * count / max(samples, 1):5.1f}%  {frame}")
    return "\n".join(lines) + "\n"
