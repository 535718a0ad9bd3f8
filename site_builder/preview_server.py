"""`catalog serve`'s web server: mkdocs' live-reload server, told of saves by the system's change
notices, that signals a reload as soon as the changed pages are written and shows why a preview
is behind. Imported only when serving: a build needs none of it."""

from __future__ import annotations

import html
import time
from collections.abc import Callable
from typing import Any

import watchdog.observers
from mkdocs.livereload import LiveReloadServer


class PreviewServer(LiveReloadServer):
    """mkdocs' live-reload server, which also shows above every page why the preview is behind."""

    notice: Callable[[], str] = staticmethod(lambda: "")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        # mkdocs polls every watched file twice a second: at 20,000 catalog files one poll costs
        # most of a second of CPU, and a save is seen up to a second and a half late. The
        # system's own change notices (inotify, FSEvents, ReadDirectoryChangesW) report it at
        # once; polling stays the fallback where they cannot watch (e.g. a watch limit reached).
        self._polling = self.observer
        self.observer = watchdog.observers.Observer()  # type: ignore[assignment]

    def watch(self, path: str, func: None = None, *, recursive: bool = True) -> None:
        try:
            super().watch(path, func, recursive=recursive)
        except OSError:
            if self.observer is self._polling:
                raise
            watched = list(self._watched_paths)  # with `path`, counted before it failed
            self._watched_paths.clear()
            self._watch_refs.clear()
            self.observer = self._polling
            for again in watched:
                super().watch(again, recursive=recursive)

    def signal(self) -> None:
        """Tell the browsers to reload now (mkdocs' own signal comes once the builder returns)."""
        # Pages are served while the epoch shown equals the one being built (mkdocs holds requests
        # during a rebuild): both move on, so the written pages are served at once.
        with self._epoch_cond:
            epoch = max(self._visible_epoch + 1, time.monotonic_ns() // 1_000_000)
            self._wanted_epoch = self._visible_epoch = epoch
            self._epoch_cond.notify_all()

    def _inject_js_into_html(self, content: bytes, epoch: int) -> bytes:
        page: bytes = super()._inject_js_into_html(content, epoch)  # type: ignore[no-untyped-call]
        notice = self.notice()
        if not notice:
            return page
        start = page.find(b"<body")
        start = page.find(b">", start) + 1 if start >= 0 else 0
        banner = (
            '<div class="md-banner" role="alert"><div class="md-banner__inner md-grid md-typeset">'
            "<p><strong>The catalog has errors: this preview shows the last good build.</strong> "
            "Fix these and save; the page reloads.</p><pre>" + html.escape(notice) + "</pre></div></div>"
        )
        return page[:start] + banner.encode("utf-8") + page[start:]
