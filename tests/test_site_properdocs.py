"""ProperDocs, the continuation of mkdocs 1.x, builds the demo with the catalog plugin and
mkdocs-material into the same bytes as mkdocs does."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from test_exports_support import site_bytes

from site_builder.build import build_site

from conftest import AS_OF, make_project

pytestmark = pytest.mark.slow

# Runs the `properdocs` command in this interpreter and says, once it has exited, which modules
# did the work: mkdocs' names must have been ProperDocs' own, the plugin ours, the theme Material.
DRIVER = """
import atexit, runpy, sys

def report():
    import mkdocs, properdocs
    from site_builder import plugin
    print("mkdocs-is-properdocs", mkdocs is properdocs, file=sys.stderr)
    print("plugin-base", plugin.BasePlugin.__module__, file=sys.stderr)
    print("plugin-used", plugin.CatalogPlugin.on_post_build.__module__, file=sys.stderr)
    print("material", "material" in sys.modules, file=sys.stderr)

atexit.register(report)
sys.argv = ["properdocs", *sys.argv[1:]]
runpy.run_module("properdocs", run_name="__main__")
"""
EPOCH = "1764028800"


def test_properdocs_builds_the_demo_byte_for_byte_as_mkdocs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    root = make_project(tmp_path / "project", demo=True)
    assert build_site(root, tmp_path / "mkdocs-site", strict=True) == 0
    env = {
        **os.environ,
        "CATALOG_DATE": AS_OF,
        "SOURCE_DATE_EPOCH": EPOCH,
        "DISABLE_MKDOCS_2_WARNING": "true",
    }
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            DRIVER,
            "build",
            "--strict",
            "-f",
            str(root / "mkdocs.yml"),
            "-d",
            "../pd-site",
        ],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "mkdocs-is-properdocs True" in done.stderr
    assert "plugin-base properdocs.plugins" in done.stderr
    assert "plugin-used site_builder.plugin" in done.stderr
    assert "material True" in done.stderr
    ours, theirs = site_bytes(tmp_path / "mkdocs-site"), site_bytes(tmp_path / "pd-site")
    assert sorted(ours) == sorted(theirs)
    assert [name for name in ours if ours[name] != theirs[name]] == []
    page = theirs["solutions/index.html"].decode("utf-8")
    assert 'http-equiv="Content-Security-Policy"' in page  # the plugin's page guard ran
    assert 'class="md-header' in page  # laid out by mkdocs-material
    assert any(name.startswith("assets/javascripts/bundle.") for name in theirs)
    assert len([n for n in theirs if n.startswith("solutions/") and n.endswith("/index.html")]) > 50
