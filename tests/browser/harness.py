"""Headless Chromium against a built site served on 127.0.0.1, and axe-core for accessibility.

A missing browser or a missing axe-core fails the tests (never skips): CI must not go green
without having looked. axe-core comes from the npm registry: `npm ci --prefix tests/browser
--no-audit --no-fund --ignore-scripts` (run here on first use if node_modules is missing).
"""

from __future__ import annotations

import contextlib
import functools
import shutil
import subprocess
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).resolve().parent
CHROMIUM = Path("/usr/bin/chromium")
AXE = HERE / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextlib.contextmanager
def serve(site: Path) -> Iterator[str]:
    """Serve `site` over HTTP on a free local port; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def axe_source() -> str:
    """axe-core's script, installed from the npm registry if needed; fails if it cannot be had."""
    if not AXE.is_file():
        npm = shutil.which("npm")
        if npm is None:
            pytest.fail("axe-core is not installed and npm is missing: run `npm ci --prefix tests/browser`")
        done = subprocess.run(
            [npm, "ci", "--prefix", str(HERE), "--no-audit", "--no-fund", "--ignore-scripts"],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        if done.returncode != 0 or not AXE.is_file():
            pytest.fail(f"could not install axe-core with npm:\n{done.stdout}\n{done.stderr}")
    return AXE.read_text(encoding="utf-8")


@contextlib.contextmanager
def chromium() -> Iterator[Any]:
    """A headless Chromium (Debian's), driven by Playwright."""
    if not CHROMIUM.is_file():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


class PageWatch:
    """Collects what a page did wrong: script errors, CSP violations, requests off the site."""

    def __init__(self, page: Any, origin: str) -> None:
        self.errors: list[str] = []
        self.foreign: list[str] = []
        page.on("pageerror", lambda error: self.errors.append(f"page error: {error}"))
        page.on("console", self._console)
        page.on("request", lambda request: self._request(request.url, origin))

    def _console(self, message: Any) -> None:
        if message.type == "error":
            self.errors.append(f"console: {message.text}")

    def _request(self, url: str, origin: str) -> None:
        if not url.startswith((origin, "blob:", "data:")):
            self.foreign.append(url)


def run_axe(page: Any, source: str) -> list[dict[str, Any]]:
    """Serious and critical axe violations on the current page (WCAG 2.x A and AA rules)."""
    # Evaluated through the DevTools protocol, which the page's CSP does not govern.
    page.evaluate(source)
    result = page.evaluate(
        """async () => {
            const r = await axe.run(document, {runOnly: {type: 'tag',
                values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ') + ' :: ' + n.failureSummary)}));
        }"""
    )
    return [v for v in result if v["impact"] in {"serious", "critical"}]
