"""Timing whole processes: wall clock, CPU time and peak memory, from the kernel's own accounting."""

from __future__ import annotations

import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Sample:
    wall: float  # seconds
    cpu: float  # user + system seconds
    rss_mb: float  # peak resident set size
    code: int


@dataclass(frozen=True)
class Summary:
    """Several runs of one command: the median times and the highest peak memory."""

    wall: float
    cpu: float
    rss_mb: float
    runs: int
    code: int

    @classmethod
    def of(cls, samples: Sequence[Sample]) -> Summary:
        return cls(
            statistics.median(s.wall for s in samples),
            statistics.median(s.cpu for s in samples),
            max(s.rss_mb for s in samples),
            len(samples),
            max(s.code for s in samples),
        )


# Forks and execs the command, then reports what the kernel accounted for exactly that child.
# It runs in a fresh, small interpreter because Linux carries a process's peak RSS across fork
# and exec: measured straight from the benchmark (which holds a generated catalog in memory),
# every child would "peak" at the benchmark's own size.
_LAUNCHER = """
import json, os, sys, time
start = time.perf_counter()
pid = os.fork()
if pid == 0:
    try:
        os.execvp(sys.argv[2], sys.argv[2:])
    finally:
        os._exit(127)
_, status, usage = os.wait4(pid, 0)
wall = time.perf_counter() - start
with open(sys.argv[1], "w") as out:
    json.dump([wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, os.waitstatus_to_exitcode(status)], out)
"""


def run_process(
    command: Sequence[str],
    *,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    output: Path | None = None,
    timeout: float = 3600,
) -> Sample:
    """Run `command` to the end: its wall time, CPU time and peak RSS (`os.wait4`)."""
    with tempfile.TemporaryDirectory(prefix="bench-") as work:
        report = Path(work) / "usage.json"
        launcher = [sys.executable, "-I", "-S", "-c", _LAUNCHER, str(report), *command]
        with (output or Path(os.devnull)).open("wb") as sink:
            process = subprocess.Popen(
                launcher, cwd=cwd, env=env, stdout=sink, stderr=subprocess.STDOUT, start_new_session=True
            )
            try:
                process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        if not report.is_file():
            return Sample(float("nan"), float("nan"), float("nan"), process.returncode or 1)
        wall, cpu, rss_kb, code = json.loads(report.read_text(encoding="utf-8"))
    return Sample(wall, cpu, rss_kb / 1024, code)


def interleaved(
    commands: Sequence[Sequence[str]],
    runs: int,
    outputs: Sequence[Path | None] = (),
    fresh: Sequence[Sequence[Path]] = (),
    **kwargs: Any,
) -> list[Summary]:
    """Run each command `runs` times, alternating, so that every command sees the same machine
    (other work on it slows all of them alike rather than one).  A command's `fresh` folders are
    removed before each of its runs, outside the time measured, as on a clean CI checkout."""
    samples: list[list[Sample]] = [[] for _ in commands]
    for _ in range(runs):
        for index, command in enumerate(commands):
            output = outputs[index] if index < len(outputs) else None
            for folder in fresh[index] if index < len(fresh) else ():
                shutil.rmtree(folder, ignore_errors=True)
            samples[index].append(run_process(command, output=output, **kwargs))
    return [Summary.of(s) for s in samples]


def repeat(command: Sequence[str], runs: int, **kwargs: Any) -> Summary:
    return Summary.of([run_process(command, **kwargs) for _ in range(runs)])


def folder_bytes(folder: Path) -> tuple[int, int]:
    """(total bytes, number of files) under `folder`."""
    total = count = 0
    for path in folder.rglob("*"):
        if path.is_file():
            total += path.stat().st_size
            count += 1
    return total, count
