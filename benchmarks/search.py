"""Search in headless Chromium against a built site served like GitHub Pages serves it.

The server gzip-encodes text responses (as GitHub Pages does) and counts the bytes it sends, so
"fetched in all" includes requests made from web workers, which page-level network events can
miss.  Each measurement uses a fresh browser context (empty cache).  The time is taken inside the
page: from the last `input` event of the typed query to the first animation frame in which the
expected result is visible.
"""

from __future__ import annotations

import gzip
import mimetypes
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
_COMPRESSIBLE = ("text/", "application/json", "application/javascript", "image/svg+xml", "application/xml")


@dataclass
class Traffic:
    requests: int = 0
    sent: int = 0  # body bytes on the wire (gzip-encoded where the type allows)
    raw: int = 0  # the same files' bytes before encoding


class _Site(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, root: Path) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.root = root.resolve()
        self.traffic = Traffic()
        self.lock = threading.Lock()
        self.cache: dict[Path, tuple[bytes, bytes]] = {}  # path -> (raw, gzipped)


class _Handler(BaseHTTPRequestHandler):
    server: _Site

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the benchmark prints its own table."""

    def do_GET(self) -> None:
        site = self.server
        path = (site.root / unquote(urlsplit(self.path).path).lstrip("/")).resolve()
        if path.is_dir():
            path = path / "index.html"
        if not path.is_relative_to(site.root) or not path.is_file():
            self.send_error(404)
            return
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        with site.lock:
            if path not in site.cache:
                raw = path.read_bytes()
                site.cache[path] = (raw, gzip.compress(raw, 6, mtime=0))
            raw, packed = site.cache[path]
        use_gzip = kind.startswith(_COMPRESSIBLE) and "gzip" in self.headers.get("Accept-Encoding", "")
        body = packed if use_gzip else raw
        self.send_response(200)
        self.send_header("Content-Type", kind + ("; charset=utf-8" if kind.startswith("text/") else ""))
        self.send_header("Content-Length", str(len(body)))
        if use_gzip:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        self.wfile.write(body)
        with site.lock:
            site.traffic.requests += 1
            site.traffic.sent += len(body)
            site.traffic.raw += len(raw)


@contextmanager
def serve(root: Path) -> Iterator[_Site]:
    """A threaded HTTP server for `root` on 127.0.0.1, for the duration of the block."""
    site = _Site(root)
    thread = threading.Thread(target=site.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        site.shutdown()
        site.server_close()


@dataclass(frozen=True)
class SearchResult:
    latency_ms: float  # last keystroke → expected result visible
    load_to_result_ms: float  # navigation start → expected result visible
    traffic: Traffic
    visible_before: bool  # the result was visible before typing (then the figure means little)


# Records when the last `input` event fired, in the page's own clock.
_LISTEN = "document.addEventListener('input', () => { window.__lastInput = performance.now(); }, true);"
# True once a visible link points at the target; stamps the time of that frame.
_FOUND = """(suffix) => {
  for (const a of document.querySelectorAll('a[href]')) {
    if (a.href.split('#')[0].split('?')[0].endsWith(suffix) && a.getClientRects().length &&
        getComputedStyle(a).visibility !== 'hidden') {
      window.__found = window.__found || performance.now();
      return true;
    }
  }
  return false;
}"""


def measure(
    site: _Site,
    path: str,
    query: str,
    target_suffix: str,
    *,
    open_search: str | None = None,
    input_selector: str = "input[type=search]",
    timeout_ms: float = 60_000,
    key_delay_ms: float = 50,
) -> SearchResult:
    """Open `path`, type `query` into the search box and wait for a visible link to the target."""
    from playwright.sync_api import sync_playwright

    base = f"http://127.0.0.1:{site.server_address[1]}/"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()
            page.add_init_script(_LISTEN)
            with site.lock:
                site.traffic = Traffic()
            page.goto(base + path, wait_until="load")
            visible_before = bool(page.evaluate(_FOUND, target_suffix))
            page.evaluate("() => { window.__found = undefined; }")
            if open_search:
                page.click(open_search)
            page.click(input_selector)
            page.keyboard.type(query, delay=key_delay_ms)
            page.wait_for_function(_FOUND, arg=target_suffix, polling="raf", timeout=timeout_ms)
            found, last_input = page.evaluate("() => [window.__found, window.__lastInput]")
            with site.lock:
                traffic = site.traffic
            context.close()
        finally:
            browser.close()
    return SearchResult(found - last_input, found, traffic, visible_before)


# Stamps when the result count last changed: the browse page rewrites it after every search, once
# the result cards are in the page.
_WATCH_COUNT = """() => {
  const count = document.getElementById('catalog-count');
  new MutationObserver(() => { window.__counted = performance.now(); })
    .observe(count, {childList: true, characterData: true, subtree: true});
}"""


def measure_settled(site: _Site, path: str, query: str, *, key_delay_ms: float = 50) -> tuple[float, str]:
    """Type `query` on /solutions/; (ms from the last keystroke to the results shown, the count shown)."""
    from playwright.sync_api import sync_playwright

    base = f"http://127.0.0.1:{site.server_address[1]}/"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
            page.add_init_script(_LISTEN)
            page.goto(base + path, wait_until="load")
            page.wait_for_function("() => /match/.test(document.getElementById('catalog-count').textContent)")
            page.evaluate(_WATCH_COUNT)
            page.click("#catalog-q")
            page.keyboard.type(query, delay=key_delay_ms)
            page.wait_for_function(
                "() => window.__counted && window.__counted > window.__lastInput",
                polling="raf",
                timeout=60_000,
            )
            page.wait_for_timeout(300)  # a later update (the debounce of an earlier key) would restamp
            settled, last_input = page.evaluate("() => [window.__counted, window.__lastInput]")
            count = page.locator("#catalog-count").text_content() or ""
        finally:
            browser.close()
    return settled - last_input, count


QUERIES = {
    "a typo (one letter doubled wrongly)": "sattelite",
    "a certification": "SOC 2",
    "a broad word": "data",
    "three common words": "cloud data management",
    "a contract number, partly typed": "PT688",
}


def main() -> None:
    import argparse
    import statistics

    parser = argparse.ArgumentParser(description="Time harder searches on a built site's /solutions/ page.")
    parser.add_argument("site", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print("| query | typed | ms after typing stops (median) | result |\n|---|---|---|---|")
    with serve(args.site) as server:
        for what, query in QUERIES.items():
            times, count = [], ""
            for _ in range(args.runs):
                elapsed, count = measure_settled(server, "solutions/", query)
                times.append(elapsed)
            print(f"| {what} | `{query}` | {statistics.median(times):.0f} | {count} |", flush=True)


if __name__ == "__main__":
    main()
