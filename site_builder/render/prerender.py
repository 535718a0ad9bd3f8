"""Entry page bodies rendered ahead of time by another process, read back one page at a time.

mkdocs renders pages on one core. The build's child process (the one writing the exports) first
renders the bodies of the entry pages, in build order and in chunks, so the theme's pass over
those pages only has to read them. After each chunk it sends one byte through a pipe. The parent
never waits: a page whose chunk is not done yet it renders itself, and it publishes how far it
got, so the child skips chunks the parent has passed. Bodies are the same bytes the renderer gives
in-process: the child works from a copy of the same checked catalog.
"""

from __future__ import annotations

import json
import mmap
import os
import select
import struct
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from . import PageSpec, Rendered, Renderer

CHUNK = 200  # pages per chunk: small enough that the parent rarely finds its chunk unfinished
_POSITION = struct.Struct("q")


def ahead(specs: Sequence[PageSpec]) -> list[PageSpec]:
    """The pages the child renders ahead: every entry page, in build order."""
    return [spec for spec in specs if spec.entry]


def shared_position() -> mmap.mmap:
    """A counter both processes see after a fork: the parent's position among the pages ahead."""
    counter = mmap.mmap(-1, _POSITION.size)
    _POSITION.pack_into(counter, 0, -1)
    return counter


def write_bodies(
    renderer: Renderer, specs: Sequence[PageSpec], folder: Path, signal: int, position: mmap.mmap
) -> None:
    """Render `specs` into `folder` chunk by chunk, one byte to `signal` after each chunk."""
    for number, start in enumerate(range(0, len(specs), CHUNK)):
        index: dict[str, list[Any]] = {}
        if _POSITION.unpack_from(position, 0)[0] < start + CHUNK - 1:  # else the parent did them
            offset = 0
            with (folder / f"bodies-{number}.txt").open("wb") as out:
                for spec in specs[start : start + CHUNK]:
                    edit = renderer.data.edit_url(spec.edit_file) if spec.edit_file else None
                    rendered = renderer.render(spec, edit)
                    raw = rendered.html.encode("utf-8")
                    out.write(raw)
                    index[spec.src_uri] = [offset, len(raw), rendered.headings]
                    offset += len(raw)
        # Written last: its presence means the chunk's bodies are complete.
        (folder / f"index-{number}.json").write_text(json.dumps(index), encoding="utf-8")
        os.write(signal, b"R")


class Bodies:
    """Bodies of `specs` that another process renders into `folder`, announced on pipe `signal`."""

    def __init__(self, folder: Path, signal: int, position: mmap.mmap, specs: Sequence[PageSpec]) -> None:
        self.folder = folder
        self.signal: int | None = signal
        self.position = position
        self.places = {spec.src_uri: place for place, spec in enumerate(specs)}
        self.done = 0  # chunks the child has announced
        self.chunk = -1
        self.index: dict[str, Any] = {}

    def take(self, src_uri: str) -> Rendered | None:
        """The page's body if it was rendered ahead; None means: render it here."""
        place = self.places.get(src_uri)
        if place is None:
            return None
        _POSITION.pack_into(self.position, 0, place)
        number = place // CHUNK
        self._receive()
        if number >= self.done:
            return None  # not rendered yet: faster to render here than to wait
        if number != self.chunk:
            self.chunk = number
            self.index = json.loads((self.folder / f"index-{number}.json").read_text(encoding="utf-8"))
        found = self.index.pop(src_uri, None)
        if found is None:
            return None
        offset, length, headings = found
        with (self.folder / f"bodies-{number}.txt").open("rb") as source:
            source.seek(offset)
            html = source.read(length).decode("utf-8")
        return Rendered(html, [(level, anchor, text) for level, anchor, text in headings])

    def _receive(self) -> None:
        """Count the chunks announced so far, without waiting."""
        while self.signal is not None and select.select([self.signal], [], [], 0)[0]:
            got = os.read(self.signal, 4096)
            if not got:  # the child is past its bodies (or failed: joining it says why)
                self.signal = None  # the pipe is closed by whoever opened it
            self.done += got.count(b"R")
