"""`catalog export --format docs DIR`: the site as a plain mkdocs project. A real `mkdocs build`
without the catalog plugin builds it into a site where every generated page carries exactly the
HTML the plugin would give it, hostile text included."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from test_exports_support import replace_in, site_bytes

from site_builder.buildinfo import build_info
from site_builder.exports.settings import ExportSettings
from site_builder.pipeline import check
from site_builder.render import plan, site_data
from site_builder.sitebuild import SiteBuild, SiteSettings, edit_base

from browser.sitekit import article, catalog_date
from conftest import AS_OF, REPO, make_project

pytestmark = pytest.mark.slow

MKDOCS = str(Path(sys.executable).with_name("mkdocs"))


def _export(run_cli: Any, root: Path, target: Path) -> None:
    done = run_cli("-C", root, "export", "--format", "docs", "--output", target)
    assert done.exit_code == 0, done.stderr
    assert f"build it with `mkdocs build -f {target / 'mkdocs.yml'}`" in done.stderr


def _plain_build(tree: Path, site: Path) -> None:
    env = {**os.environ, "CATALOG_DATE": AS_OF, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(
        [MKDOCS, "build", "--strict", "-f", str(tree / "mkdocs.yml"), "-d", str(site)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "catalog" not in done.stderr.lower().replace("catalog/", "")  # no plugin spoke


def _bodies(root: Path) -> dict[str, str]:
    """Each generated page's HTML as the plugin's build renders it."""
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    settings = SiteSettings(root / "mkdocs.yml", root / "docs", None, config["repo_url"], config["edit_uri"])
    with catalog_date():
        result = check(root)
        data = site_data(result, build_info(root, result.catalog.today), edit_base(settings, root))
    build = SiteBuild(result, data, ExportSettings(), preview=False)
    return {spec.url: build.render(spec).html for spec in plan(data)}


@pytest.mark.parametrize("fixture", ["demo", "hostile"])
def test_a_plain_mkdocs_build_of_the_tree_carries_every_page(
    fixture: str, tmp_path: Path, run_cli: Any
) -> None:
    root = make_project(tmp_path / "project", fixture, demo=fixture == "demo")
    _export(run_cli, root, tmp_path / "tree")
    config = yaml.safe_load((tmp_path / "tree" / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["plugins"] == []
    assert config["theme"]["custom_dir"] == "overrides"
    _plain_build(tmp_path / "tree", tmp_path / "site")
    site = tmp_path / "site"
    bodies = _bodies(root)
    assert len(bodies) > 20
    for url, html in bodies.items():
        built = (site / url / "index.html").read_text(encoding="utf-8")
        # The page's HTML verbatim: Markdown read none of it (contributor text included).
        assert html in article(built), url
        assert "data-md-component" in built  # laid out by the theme
    for data in (
        "assets/catalog/solutions-index.json.gz",
        "api/v1/catalog.json.gz",
        "feed.xml",
        "schema/index.json",
    ):
        assert (site / data).is_file(), data
    assert (site / "about" / "index.html").is_file()  # the project's own pages come along


def test_titles_stay_text_in_the_plain_build(tmp_path: Path, run_cli: Any) -> None:
    root = make_project(tmp_path / "project", "hostile")
    _export(run_cli, root, tmp_path / "tree")
    _plain_build(tmp_path / "tree", tmp_path / "site")
    page = (tmp_path / "site" / "vendors" / "hostile-vendor" / "index.html").read_text(encoding="utf-8")
    [title] = re.findall(r"<title>(.*?)</title>", page, re.DOTALL)
    assert title.startswith("Evil &amp;lt;/title&amp;gt;")
    scripts = re.findall(r"<script[^>]*>", page)
    assert all("src=" in s or 'type="application/json"' in s or s == "<script>" for s in scripts)
    assert "alert(1)</script>" not in page


def test_a_second_export_replaces_the_first_and_is_the_same(tmp_path: Path, run_cli: Any) -> None:
    root = make_project(tmp_path / "project")
    _export(run_cli, root, tmp_path / "tree")
    first = site_bytes(tmp_path / "tree")
    _export(run_cli, root, tmp_path / "tree")
    assert site_bytes(tmp_path / "tree") == first
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project", "tree"]


@pytest.mark.parametrize(
    ("where", "reason"),
    [
        ("docs", "is inside the project's docs/ folder"),
        ("notes", "is not empty and does not look like a site this tool built"),
    ],
)
def test_the_export_refuses_a_folder_it_did_not_make(
    tmp_path: Path, run_cli: Any, where: str, reason: str
) -> None:
    root = make_project(tmp_path / "project")
    target = root / "docs" / "generated" if where == "docs" else tmp_path / "notes"
    target.mkdir(parents=True)
    (target / "keep.txt").write_text("mine", encoding="utf-8")
    done = run_cli("-C", root, "export", "--format", "docs", "--output", target)
    assert done.exit_code == 2
    assert f"refusing to write the docs tree there: {target} {reason}" in done.stderr
    assert (target / "keep.txt").read_text(encoding="utf-8") == "mine"
    done = run_cli("-C", root, "export", "--format", "docs")
    assert done.exit_code == 2
    assert "--format docs writes a docs tree; give --output DIR" in done.stderr


def test_a_catalog_with_errors_exports_no_tree(tmp_path: Path, run_cli: Any) -> None:
    root = make_project(tmp_path / "project")
    replace_in(root / "catalog/solutions/acme-desktop-suite.yaml", "risk_tier: low", "risk_tier: extreme")
    done = run_cli("-C", root, "export", "--format", "docs", "--output", tmp_path / "tree")
    assert done.exit_code == 1
    assert "catalog/solutions/acme-desktop-suite.yaml" in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project"]


def test_a_docs_page_that_would_hide_a_generated_one_is_refused(tmp_path: Path, run_cli: Any) -> None:
    root = make_project(tmp_path / "project")
    (root / "docs" / "vendors").mkdir(parents=True)
    (root / "docs" / "vendors" / "index.md").write_text("# Mine\n", encoding="utf-8")
    done = run_cli("-C", root, "export", "--format", "docs", "--output", tmp_path / "tree")
    assert done.exit_code == 2
    assert "docs/vendors/index.md would hide the generated page /vendors/; rename it" in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project"]


def test_the_projects_own_theme_overrides_come_along_under_the_catalogs(tmp_path: Path, run_cli: Any) -> None:
    root = make_project(tmp_path / "project")
    replace_in(root / "mkdocs.yml", "  name: material\n", "  name: material\n  custom_dir: local-theme\n")
    (root / "local-theme" / "partials").mkdir(parents=True)
    (root / "local-theme" / "partials" / "copyright.html").write_text("<p>Ours</p>\n", encoding="utf-8")
    (root / "local-theme" / "main.html").write_text("{% extends 'base.html' %}\n", encoding="utf-8")
    _export(run_cli, root, tmp_path / "tree")
    overrides = tmp_path / "tree" / "overrides"
    assert (overrides / "partials" / "copyright.html").read_text(encoding="utf-8") == "<p>Ours</p>\n"
    assert (overrides / "main.html").read_bytes() == (REPO / "site_builder/theme/main.html").read_bytes()
