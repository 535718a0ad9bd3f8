"""Runs the site's search script (site_builder/assets/search.js) under Node, as the tests' second
opinion on what the browser computes: Debian's node if installed, else the one Playwright ships."""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "site_builder" / "assets" / "search.js"


def node() -> str:
    found = shutil.which("node")
    if found:
        return found
    try:
        from playwright._impl._driver import compute_driver_executable

        bundled = Path(compute_driver_executable()[0])
    except (ImportError, IndexError, TypeError):
        bundled = Path("/nonexistent")
    if not bundled.is_file():
        pytest.fail("Node is needed to run the search script: install Debian's nodejs or Playwright")
    return str(bundled)


def run(body: str, data: Any) -> Any:
    """Run `body` (JavaScript with `S` = the search module and `data` = the given value); its
    `result` variable comes back as JSON."""
    program = (
        f"const S = require({json.dumps(str(SCRIPT))});\n"
        "const data = JSON.parse(require('fs').readFileSync(process.argv[2], 'utf8'));\n"
        f"let result = null;\n{body}\n"
        "process.stdout.write(JSON.stringify(result));\n"
    )
    with tempfile.TemporaryDirectory() as folder:
        source, payload = Path(folder, "run.js"), Path(folder, "data.json")
        source.write_text(program, encoding="utf-8")
        payload.write_text(json.dumps(data), encoding="utf-8")
        done = subprocess.run(
            [node(), str(source), str(payload)], capture_output=True, text=True, timeout=300, check=False
        )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)
