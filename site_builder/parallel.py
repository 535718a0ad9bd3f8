"""The build's optional second process (`jobs: 2`): the data files and exports, then entry page
bodies rendered from the last page backwards, while the generator works through the pages on the
other core.

mkdocs renders pages on one core. After the catalog is checked, `Helper.start` forks a child that
first writes the search and compare data and every export into a staging folder next to the site
(mkdocs empties the site folder after the plugin's on_config), and then renders the bodies of the
entry pages from the last one backwards, in chunks of `CHUNK`, into files in the same folder. The
parent works forwards through the same pages and publishes how far it got in a shared counter;
the child stops where the two meet. So neither process idles while the other has work: a small
catalog's exports may take the child as long as the parent's pages (it then renders few bodies), a
large catalog's leave it time for many — no fixed share is right for both.

Everything between the two processes goes through one pipe, read only by the `Helper`: one byte
`R` per finished chunk (the last chunk first), `D` once the bodies are done, and `!` followed by
the reason if the child failed. The parent never waits for a chunk: a page whose chunk is not done
yet it renders itself. At the end `finish` waits for the child and moves its files into the site;
a failed or hung child fails the build with its reason, and nothing it wrote is kept. The bodies
are the same bytes the renderer gives in the parent: the child works from a copy of the same
checked catalog.
"""

from __future__ import annotations

import contextlib
import json
import mmap
import os
import select
import shutil
import signal
import struct
import tempfile
import time
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from .render import PageSpec, Rendered

CHUNK = 200  # pages per chunk: the parent takes a chunk's bodies once the whole chunk is written
# How long the parent waits for the child once every page is built. The child's work is linear in
# the catalog (under a minute at 20,000 solutions here), so this only ends a child that hangs.
FINISH_TIMEOUT_SECONDS = 900
_MESSAGE_LIMIT = 4000
_POSITION = struct.Struct("q")
_CHUNK_DONE, _BODIES_DONE, _FAILED = b"R", b"D", b"!"


class HelperError(Exception):
    """The second process failed or hung; the message says why."""


def available() -> bool:
    """Whether this system can run the second process (it needs fork: not on Windows)."""
    return hasattr(os, "fork")


def cores() -> int:
    """Cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


class Helper:
    """A forked child running `then(site folder)` and then rendering the bodies of `pages` from the
    last backwards; `take` its bodies, then `finish` or `abandon` it exactly once."""

    def __init__(self, pid: int, pipe: int, staging: Path, position: mmap.mmap, pages: Sequence[str]):
        self.pid = pid
        self.staging = staging
        self._pipe: int | None = pipe
        self._position = position
        self._places = {src_uri: place for place, src_uri in enumerate(pages)}
        self._chunks = _chunk_count(len(pages))
        self._received = b""
        self._chunks_done = 0  # the last ones: the child announces chunks from the last backwards
        self._index: dict[str, Any] = {}
        self._chunk = -1
        self.done = False

    @classmethod
    def start(
        cls,
        render: Callable[[PageSpec], Rendered],
        pages: Sequence[PageSpec],
        then: Callable[[Path], None],
        beside: Path,
    ) -> Helper:
        beside.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".catalog-helper-", dir=beside))
        (staging / "bodies").mkdir()
        position = mmap.mmap(-1, _POSITION.size)  # shared with the child after the fork
        _POSITION.pack_into(position, 0, -1)
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: report through the pipe, never return
            code = 0
            try:
                os.close(read_end)
                then(staging / "site")
                _render_behind(render, pages, staging / "bodies", write_end, position)
                os.write(write_end, _BODIES_DONE)
            except BaseException as exc:  # noqa: BLE001 - any failure must reach the parent as text
                code = 1
                where = traceback.extract_tb(exc.__traceback__)[-1:]
                place = f" (at {where[0].filename}:{where[0].lineno})" if where else ""
                text = f"{type(exc).__name__}: {exc}{place}"[:_MESSAGE_LIMIT]
                with contextlib.suppress(OSError):
                    os.write(write_end, _FAILED + text.encode("utf-8", "replace"))
            os._exit(code)  # no atexit handlers, no flushing of the parent's buffers
        os.close(write_end)
        return cls(pid, read_end, staging, position, [spec.src_uri for spec in pages])

    def take(self, src_uri: str) -> Rendered | None:
        """The page's body if the child has rendered it; None means: render it here."""
        place = self._places.get(src_uri)
        if place is None or self.done:
            return None
        _POSITION.pack_into(self._position, 0, place)
        number = place // CHUNK
        self._receive(wait=0)
        if number < self._chunks - self._chunks_done:
            return None  # not rendered yet: faster to render here than to wait
        if number != self._chunk:
            self._chunk = number
            index = self.staging / "bodies" / f"index-{number}.json"
            self._index = json.loads(index.read_text(encoding="utf-8"))
        found = self._index.pop(src_uri, None)
        if found is None:
            return None  # the child stopped short of this page: the parent was there first
        offset, length, headings = found
        with (self.staging / "bodies" / f"bodies-{number}.html").open("rb") as source:
            source.seek(offset)
            html = source.read(length).decode("utf-8")
        return Rendered(html, [(level, anchor, text) for level, anchor, text in headings])

    def finish(self, site: Path) -> None:
        """Wait for the child, then move what it wrote into `site`. Raises HelperError if it failed."""
        if self.done:
            raise HelperError("the second process was already collected")
        self.done = True
        _POSITION.pack_into(self._position, 0, len(self._places))  # no page is left for the child
        try:
            deadline = time.monotonic() + FINISH_TIMEOUT_SECONDS
            while self._pipe is not None:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    self._stop()
                    raise HelperError(
                        f"writing the data exports did not finish within {FINISH_TIMEOUT_SECONDS} s "
                        "after the pages; the build was stopped"
                    )
                self._receive(wait=remaining)
            _, status = os.waitpid(self.pid, 0)
            code = os.waitstatus_to_exitcode(status)
            _, _, message = self._received.partition(_FAILED)
            if code != 0 or message:
                why = message.decode("utf-8", "replace").strip() or (
                    f"killed by signal {-code}" if code < 0 else f"exit status {code}"
                )
                raise HelperError(f"writing the data exports failed: {why}")
            _move_into(self.staging / "site", site)
        finally:
            self._close()

    def abandon(self) -> None:
        """Stop the child (the build failed elsewhere) and drop whatever it wrote; idempotent."""
        if self.done:
            return
        self.done = True
        self._stop()
        self._close()

    def _receive(self, wait: float) -> None:
        """Read what the child has said so far, waiting up to `wait` seconds for the first byte."""
        while self._pipe is not None and select.select([self._pipe], [], [], wait)[0]:
            got = os.read(self._pipe, 65536)
            if not got:  # the child has exited (or closed its end by dying)
                os.close(self._pipe)
                self._pipe = None
                break
            if _FAILED not in self._received:
                self._chunks_done += got.split(_FAILED, 1)[0].count(_CHUNK_DONE)
            self._received += got
            wait = 0

    def _stop(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self.pid, 0)

    def _close(self) -> None:
        if self._pipe is not None:
            os.close(self._pipe)
            self._pipe = None
        self._position.close()
        shutil.rmtree(self.staging, ignore_errors=True)


def _render_behind(
    render: Callable[[PageSpec], Rendered],
    specs: Sequence[PageSpec],
    folder: Path,
    pipe: int,
    position: mmap.mmap,
) -> None:
    """In the child: render `specs` from the last backwards into `folder`, chunk by chunk,
    announcing each on `pipe`, until the next page is one the parent has reached."""
    for number in reversed(range(_chunk_count(len(specs)))):
        places = range(number * CHUNK, min((number + 1) * CHUNK, len(specs)))
        done: list[tuple[str, Rendered]] = []
        for place in reversed(places):
            if _POSITION.unpack_from(position, 0)[0] >= place:
                break  # the parent is here: this page and every one before it are the parent's
            done.append((specs[place].src_uri, render(specs[place])))
        if done:
            _write_chunk(folder, number, done)
            os.write(pipe, _CHUNK_DONE)
        if len(done) < len(places):
            return


def _chunk_count(pages: int) -> int:
    return -(-pages // CHUNK)  # the last one may be short


def _write_chunk(folder: Path, number: int, done: Sequence[tuple[str, Rendered]]) -> None:
    index: dict[str, list[Any]] = {}
    offset = 0
    with (folder / f"bodies-{number}.html").open("wb") as out:
        for src_uri, rendered in done:
            raw = rendered.html.encode("utf-8")
            out.write(raw)
            index[src_uri] = [offset, len(raw), rendered.headings]
            offset += len(raw)
    # Written last: its presence means the chunk's bodies are complete.
    (folder / f"index-{number}.json").write_text(json.dumps(index), encoding="utf-8")


def _move_into(source: Path, target: Path) -> None:
    """Move every file under `source` to the same place under `target`, folders merged."""
    target.mkdir(parents=True, exist_ok=True)
    if not source.is_dir():
        return
    for path in sorted(source.iterdir()):
        destination = target / path.name
        if path.is_dir() and destination.is_dir():
            _move_into(path, destination)
        else:
            if destination.is_dir():
                shutil.rmtree(destination)
            path.replace(destination)
