"""Write the exports in a forked child while mkdocs renders the pages.

mkdocs renders pages on one core; the exports need only the checked catalog, so on a machine with
two cores they cost no wall time when a child writes them at the same time. The child writes into
a staging folder next to the site (mkdocs empties the site folder after the plugin's on_config),
and the parent moves the files into the site once every page is built. A failed child fails the
build with its message; nothing it wrote is kept. Before the exports, the child can do a first
job (rendering entry pages ahead) in `work`, reporting its progress to the parent through a pipe.
"""

from __future__ import annotations

import contextlib
import os
import select
import shutil
import signal
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from ..buildinfo import BuildInfo
from ..pipeline import Result
from .site import write_site_exports

_MESSAGE_LIMIT = 4000
# How long the parent waits for the child once every page is built. The child's work is linear in
# the catalog (under a minute at 20,000 solutions here), so this only ends a child that hangs.
FINISH_TIMEOUT_SECONDS = 900


class ExportError(Exception):
    """The child writing the exports failed; the message says why."""


class BackgroundExports:
    """A forked child writing every export into `staging`; `finish` or `abandon` it exactly once."""

    def __init__(self, pid: int, pipe: int, ready: int, staging: Path) -> None:
        self.pid = pid
        self.pipe = pipe
        self.signal: int | None = ready  # bytes from the child's first job; EOF once it is done
        self.staging = staging
        self.work = staging / "work"
        self.done = False

    def finish(self, site: Path) -> None:
        """Wait for the child, then move what it wrote into `site`. Raises ExportError if it failed."""
        if self.done:
            raise ExportError("the exports were already collected")
        self.done = True
        try:
            try:
                message = _read_all(self.pipe, FINISH_TIMEOUT_SECONDS)  # until the child's end closes
            except TimeoutError:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
                raise ExportError(
                    f"writing the data exports did not finish within {FINISH_TIMEOUT_SECONDS} s "
                    "after the pages; the build was stopped"
                ) from None
            _, status = os.waitpid(self.pid, 0)
            code = os.waitstatus_to_exitcode(status)
            if code != 0 or message:
                why = message or (f"killed by signal {-code}" if code < 0 else f"exit status {code}")
                raise ExportError(f"writing the data exports failed: {why}")
            _move_into(self.staging / "site", site)
        finally:
            self._close_ready()
            shutil.rmtree(self.staging, ignore_errors=True)

    def abandon(self) -> None:
        """Stop the child (the build failed elsewhere) and drop whatever it wrote."""
        if self.done:
            return
        self.done = True
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)
        os.close(self.pipe)
        self._close_ready()
        shutil.rmtree(self.staging, ignore_errors=True)

    def _close_ready(self) -> None:
        if self.signal is not None:
            os.close(self.signal)
            self.signal = None


def start_exports(
    result: Result,
    info: BuildInfo,
    beside: Path,
    first: Callable[[Path, int], None] | None = None,
    also: Callable[[Path], None] | None = None,
) -> BackgroundExports:
    """Fork a child that runs `first(work folder, signal pipe)`, then `also(site folder)`, then
    writes all exports; in a new folder in `beside`. The parent reads the pipe as `.signal`:
    whatever `first` writes, then EOF."""
    beside.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".catalog-exports-", dir=beside))
    (staging / "work").mkdir()
    read_end, write_end = os.pipe()
    ready_read, ready_write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: write, report a failure through the pipe, never return
        code = 0
        try:
            os.close(read_end)
            os.close(ready_read)
            if first is not None:
                first(staging / "work", ready_write)
            os.close(ready_write)
            if also is not None:
                also(staging / "site")
            write_site_exports(result, staging / "site", info)
        except BaseException as exc:  # noqa: BLE001 - any failure must reach the parent as text
            code = 1
            where = traceback.extract_tb(exc.__traceback__)[-1:]
            place = f" (at {where[0].filename}:{where[0].lineno})" if where else ""
            text = f"{type(exc).__name__}: {exc}{place}"[:_MESSAGE_LIMIT]
            with contextlib.suppress(OSError):
                os.write(write_end, text.encode("utf-8", "replace"))
        os._exit(code)  # no atexit handlers, no flushing of the parent's buffers
    os.close(write_end)
    os.close(ready_write)
    return BackgroundExports(pid, read_end, ready_read, staging)


def _read_all(pipe: int, timeout: float) -> str:
    """Everything until the other end closes; TimeoutError if that takes longer than `timeout`."""
    chunks = []
    deadline = time.monotonic() + timeout
    try:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([pipe], [], [], remaining)[0]:
                raise TimeoutError
            chunk = os.read(pipe, 65536)
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(pipe)
    return b"".join(chunks).decode("utf-8", "replace").strip()


def _move_into(source: Path, target: Path) -> None:
    """Move every file under `source` to the same place under `target`, folders merged."""
    target.mkdir(parents=True, exist_ok=True)
    for path in sorted(source.iterdir()):
        destination = target / path.name
        if path.is_dir() and destination.is_dir():
            _move_into(path, destination)
        else:
            if destination.is_dir():
                shutil.rmtree(destination)
            path.replace(destination)
