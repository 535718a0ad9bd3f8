"""`catalog serve`: a live preview that rebuilds when a catalog file changes, and `--limit N`
previews only the first N solutions and what they need."""

from __future__ import annotations

import os
import shlex
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from watchdog.observers.polling import PollingObserver

from site_builder.preview_server import PreviewServer

from conftest import AS_OF

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, ""


def _wait_for(url: str, needle: str, deadline: float) -> str:
    while time.monotonic() < deadline:
        try:
            status, text = _get(url)
        except OSError:
            status, text = 0, ""
        if status == 200 and needle in text:
            return text
        time.sleep(0.3)
    pytest.fail(f"{url} never showed {needle!r}")


@contextmanager
def _serving(project: Path, tmp_path: Path, *options: str) -> Iterator[str]:
    """`catalog serve` on `project` in a process of its own; its base address. Its output is
    printed if the test fails, and the process stopped in any case."""
    port = _free_port()
    env = {**os.environ, "CATALOG_DATE": AS_OF, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "site_builder", "-C", str(project), "serve"]
    command += ["--dev-addr", f"127.0.0.1:{port}", *options]
    with (tmp_path / "serve.log").open("w") as log:
        server = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        yield f"http://127.0.0.1:{port}/"
    except BaseException:
        print((tmp_path / "serve.log").read_text("utf-8"))
        raise
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def test_serve_previews_a_subset_and_reloads_on_catalog_edits(project: Path, tmp_path: Path) -> None:
    with _serving(project, tmp_path, "--limit", "1") as base:
        deadline = time.monotonic() + 90
        page = _wait_for(base + "solutions/acme-case-manager/", "Acme Case Manager", deadline)
        assert "Only the first 1 solutions are shown" in page
        # the preview server injects an inline reload script into every page: allowed only here
        assert "script-src 'self' 'unsafe-inline'" in page
        assert _get(base + "solutions/acme-desktop-suite/")[0] == 404
        source = project / "catalog" / "solutions" / "acme-case-manager.yaml"
        source.write_text(
            source.read_text("utf-8").replace("name: Acme Case Manager", "name: Acme Case Desk"), "utf-8"
        )
        _wait_for(base + "solutions/acme-case-manager/", "Acme Case Desk", deadline)


def _epoch(base: str) -> int:
    """The reload epoch the server shows browsers now (its poll answers at once for epoch 0)."""
    status, text = _get(base + "livereload/0/0")
    assert status == 200, status
    return int(text)


def test_serve_updates_the_saved_page_and_keeps_the_last_good_site(project: Path, tmp_path: Path) -> None:
    """A save rewrites the page and signals the reload; an invalid save keeps the old page and
    shows its problems above it; the fix brings the page up to date."""
    with _serving(project, tmp_path) as base:
        deadline = time.monotonic() + 120
        url = base + "solutions/acme-case-manager/"
        _wait_for(url, "Acme Case Manager", deadline)
        before = _epoch(base)
        source = project / "catalog" / "solutions" / "acme-case-manager.yaml"
        original = source.read_text("utf-8")
        source.write_text(original.replace("name: Acme Case Manager", "name: Acme Case Desk"), "utf-8")
        _wait_for(url, "Acme Case Desk", deadline)
        while _epoch(base) <= before and time.monotonic() < deadline:
            time.sleep(0.2)
        assert _epoch(base) > before, "the browsers were not told to reload"
        _wait_for(base + "solutions/", "Acme Case Desk", deadline)  # the list, after the page

        source.write_text(original.replace("vendor: acme-gov", "vendor: no-such-vendor"), "utf-8")
        page = _wait_for(url, "The catalog has errors", deadline)
        assert "no-such-vendor" in page
        assert "Acme Case Desk" in page  # the last good page, kept
        assert _get(base + "solutions/")[0] == 200
        source.write_text(original.replace("name: Acme Case Manager", "name: Acme Case Studio"), "utf-8")
        page = _wait_for(url, "Acme Case Studio", deadline)
        assert "The catalog has errors" not in page
        assert "Updated " in (tmp_path / "serve.log").read_text("utf-8")


def test_dev_site_says_how_to_view_the_site_and_that_way_works(project: Path, run_cli: Any) -> None:
    """The site's links are folder addresses, which need a web server: `./dev site` names one,
    and the command it prints serves a folder address from the built site."""
    dev = (Path(__file__).resolve().parent.parent / "dev").read_text(encoding="utf-8")
    (done,) = [line for line in dev.splitlines() if 'say "done:' in line]
    assert "open site/index.html" not in done
    assert "./dev site --serve" in done
    printed = done.split("serve it as built with: ", 1)[1].rstrip('"')
    program, *args = shlex.split(printed)
    assert program == ".venv/bin/python"
    built = run_cli("-C", project, "build", "--site-dir", project / "site")
    assert built.exit_code == 0, built.stderr
    port = _free_port()
    args[args.index("8000")] = str(port)
    server = subprocess.Popen(
        [sys.executable, *args, "--bind", "127.0.0.1"],
        cwd=project,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        page = _wait_for(
            f"http://127.0.0.1:{port}/solutions/acme-case-manager/",
            "Acme Case Manager",
            time.monotonic() + 20,
        )
        assert "<title>" in page
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_the_preview_watches_with_the_systems_notices_and_polls_where_it_cannot(tmp_path: Path) -> None:
    server = PreviewServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    try:
        assert server.observer is not server._polling  # notices, not a poll twice a second
        assert isinstance(server._polling, PollingObserver)
        first, second = tmp_path / "catalog", tmp_path / "docs"
        first.mkdir()
        second.mkdir()

        def refuse(*args: object, **kwargs: object) -> None:
            raise OSError(28, "inotify watch limit reached")

        server.observer.schedule = refuse
        server.watch(str(first))
        assert server.observer is server._polling
        server.watch(str(second))
        assert set(server._watch_refs) == {str(first), str(second)}
    finally:
        server.server_close()
