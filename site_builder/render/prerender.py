"""Entry page bodies rendered ahead of time by another process, read back one page at a time.

mkdocs renders pages on one core. The build's child process (the one writing the exports) first
renders the bodies of the last share of the entry pages into one file, with an index of offsets,
so the theme's pass over those pages only has to read them. Bodies are the same bytes the
renderer gives in-process: the child works from a copy of the same checked catalog.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from . import PageSpec, Rendered, Renderer

SHARE = 0.5  # of the entry pages, the last ones: the parent reaches them once the child is done
BODIES = "bodies.txt"
INDEX = "bodies-index.json"


def ahead(specs: Sequence[PageSpec]) -> list[PageSpec]:
    """The entry pages the child renders: the last SHARE of them in build order."""
    entries = [spec for spec in specs if spec.entry]
    return entries[len(entries) - int(len(entries) * SHARE) :]


def write_bodies(renderer: Renderer, specs: Sequence[PageSpec], folder: Path) -> None:
    """Render `specs` into `folder`: their bodies one after another, then the index of offsets."""
    index: dict[str, list[object]] = {}
    offset = 0
    with (folder / BODIES).open("wb") as out:
        for spec in specs:
            edit = renderer.data.edit_url(spec.edit_file) if spec.edit_file else None
            rendered = renderer.render(spec, edit)
            raw = rendered.html.encode("utf-8")
            out.write(raw)
            index[spec.src_uri] = [offset, len(raw), rendered.headings]
            offset += len(raw)
    # Written last: its presence means every body before it is complete.
    (folder / INDEX).write_text(json.dumps(index), encoding="utf-8")


class Bodies:
    """Bodies another process renders into `folder`; `ready()` blocks until it has, False if it failed."""

    def __init__(self, folder: Path, ready: Callable[[], bool]) -> None:
        self.folder = folder
        self.ready = ready
        self.index: dict[str, Any] | None = None
        self.failed = False

    def take(self, src_uri: str) -> Rendered | None:
        """The page's body if it was rendered ahead; None means: render it here."""
        if self.failed:
            return None
        if self.index is None:
            if not self.ready():
                self.failed = True  # the child's own failure fails the build when it is joined
                return None
            self.index = json.loads((self.folder / INDEX).read_text(encoding="utf-8"))
        found = self.index.pop(src_uri, None)
        if found is None:
            return None
        offset, length, headings = found
        with (self.folder / BODIES).open("rb") as source:
            source.seek(offset)
            html = source.read(length).decode("utf-8")
        return Rendered(html, [(level, anchor, text) for level, anchor, text in headings])
