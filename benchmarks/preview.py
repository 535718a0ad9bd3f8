"""The live preview at scale: from a save to the new page served and the browsers told to reload.

    .venv/bin/python benchmarks/preview.py /tmp/cat-20000            # a project made by generate.py
    .venv/bin/python benchmarks/preview.py /tmp/cat-20000 --runs 3

The project is copied to a temporary folder and `catalog serve` is started on it (a real process
on a free port). Once the first build is served, each run saves one solution (a new name) and
then the contract with the most solutions (a new title), and times, from the save:

- `page`: the edited page's new text served over HTTP (polled every 20 ms);
- `reload`: the server's reload signal, as the browsers' long poll (`/livereload/…`) sees it;
- for the contract, `last solution`: the last of its solutions' pages showing the new title;
- `all`: every page, data file and export rewritten, as the server prints it.

Everything else in the machine's load counts too: run it on a quiet machine. See README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

POLL = 0.02


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(url: str, timeout: float = 60) -> str:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 (http://127.0.0.1 only)
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, OSError):
        return ""


def _epoch(base: str) -> int:
    text = _get(base + "livereload/0/0")
    return int(text) if text.isdigit() else 0


def _until(check: object, start: float, limit: float) -> float:
    """Seconds from `start` until `check()` is true (polled); the limit if never."""
    while time.perf_counter() - start < limit:
        if check():  # type: ignore[operator]
            return time.perf_counter() - start
        time.sleep(POLL)
    return float("inf")


def _save(path: Path, pattern: str, replacement: str) -> float:
    text = re.sub(pattern, replacement, path.read_text(encoding="utf-8"), count=1, flags=re.MULTILINE)
    start = time.perf_counter()
    path.write_text(text, encoding="utf-8")
    return start


def _done_after(log: Path, seen: int, start: float, limit: float) -> float:
    """Seconds from `start` until the server prints its next "Updated …" line."""

    def printed() -> bool:
        return log.read_text(encoding="utf-8", errors="replace").count("Updated ") > seen

    return _until(printed, start, limit)


def measure(project: Path, runs: int, limit: float) -> dict[str, list[float]]:
    port = _free_port()
    base = f"http://127.0.0.1:{port}/"
    log = project.parent / "serve.log"
    catalog = str(Path(sys.executable).with_name("catalog"))
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    with log.open("w") as out:
        server = subprocess.Popen(
            [catalog, "-C", str(project), "serve", "--dev-addr", f"127.0.0.1:{port}"],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    figures: dict[str, list[float]] = {}
    try:
        solutions = sorted((project / "catalog" / "solutions").glob("*.yaml"))
        texts = {path: path.read_text(encoding="utf-8") for path in solutions}
        counts: dict[str, list[str]] = {}
        for path, text in texts.items():
            for contract in re.findall(r"^- contract: (\S+)$", text, re.MULTILINE):
                counts.setdefault(contract, []).append(path.stem)
        busy = max(counts, key=lambda c: len(counts[c]))
        contract = project / "catalog" / "contracts" / f"{busy}.yaml"
        solution = solutions[len(solutions) // 2]
        print(f"contract {busy}: {len(counts[busy])} solutions", file=sys.stderr)
        started = time.perf_counter()
        if _until(lambda: "<title>" in _get(base + f"solutions/{solution.stem}/", 5), started, 3600) == float(
            "inf"
        ):
            raise SystemExit("the first build was not served within an hour")
        print(f"first build served after {time.perf_counter() - started:.0f} s", file=sys.stderr)
        for run in range(runs):
            for kind, path, field, url, last in (
                ("solution", solution, "name", f"solutions/{solution.stem}/", None),
                ("contract", contract, "title", f"contracts/{busy}/", f"solutions/{counts[busy][-1]}/"),
            ):
                word = f"Preview run {run} {kind}"
                seen = log.read_text(encoding="utf-8", errors="replace").count("Updated ")
                epoch = _epoch(base)
                start = _save(path, rf"^{field}: .*$", f"{field}: {word}")
                figures.setdefault(f"{kind}: page", []).append(
                    _until(lambda u=url, w=word: w in _get(base + u, 5), start, limit)
                )
                figures.setdefault(f"{kind}: reload", []).append(
                    _until(lambda e=epoch: _epoch(base) > e, start, limit)
                )
                if last is not None:
                    figures.setdefault(f"{kind}: last solution", []).append(
                        _until(lambda u=last, w=word: w in _get(base + u, 5), start, limit)
                    )
                figures.setdefault(f"{kind}: all", []).append(_done_after(log, seen, start, limit))
                print(
                    f"run {run}, {kind}: "
                    + ", ".join(f"{k} {v[-1]:.2f} s" for k, v in figures.items() if k.startswith(kind)),
                    file=sys.stderr,
                    flush=True,
                )
                time.sleep(1)
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("project", type=Path, help="a project folder (e.g. made by benchmarks/generate.py)")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--limit", type=float, default=600, help="seconds to wait for each figure")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="preview-bench-") as scratch:
        project = Path(scratch) / "project"
        shutil.copytree(args.project, project, ignore=shutil.ignore_patterns("site", ".cache"))
        figures = measure(project, args.runs, args.limit)
        print(
            (project.parent / "serve.log").read_text(encoding="utf-8", errors="replace")[-2000:],
            file=sys.stderr,
        )
    print(json.dumps({name: [round(v, 2) for v in values] for name, values in figures.items()}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
