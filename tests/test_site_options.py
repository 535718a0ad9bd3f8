"""The catalog plugin's declared options (`ocds_prefix`, `preview_limit`, `jobs`), set in
mkdocs.yml or on the command line, reach the build; a wrong value fails it with the fix."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from test_exports_support import read_gzipped_json, replace_in

from site_builder import outdir, sitebuild
from site_builder.build import build_site

from conftest import make_project

pytestmark = pytest.mark.slow


def _with_options(root: Path, options: str) -> None:
    replace_in(root / "mkdocs.yml", "  - catalog\n", "  - catalog:\n" + options)


def _ocids(site: Path) -> list[str]:
    package = read_gzipped_json(site / "api/v1/ocds-release-package.json.gz")
    return [release["ocid"] for release in package["releases"]]


def test_ocds_prefix_in_mkdocs_yml_reaches_the_built_export(tmp_path: Path, run_cli: Any) -> None:
    root = make_project(tmp_path / "project")
    _with_options(root, "      ocds_prefix: ocds-abc123\n")
    assert build_site(root, tmp_path / "site", strict=True) == 0
    assert _ocids(tmp_path / "site") == ["ocds-abc123-umbrella-software"]
    done = run_cli("-C", root, "export", "--format", "ocds", "--ocds-prefix", "ocds-zz9876")
    assert done.exit_code == 0, done.stderr
    assert [r["ocid"] for r in json.loads(done.output)["releases"]] == ["ocds-zz9876-umbrella-software"]
    done = run_cli("-C", root, "export", "--format", "ocds", "--ocds-prefix", "ocds-ABC")
    assert done.exit_code == 2
    assert '--ocds-prefix "ocds-ABC" is not ocds- and six lowercase letters or digits' in done.stderr
    assert done.output == ""


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            "      ocds_prefix: ocds-toolong1\n",
            'the OCDS prefix "ocds-toolong1" is not of the form ocds-xxxxxx',
        ),
        (
            "      jobs: 3\n",
            "Config value 'plugins': Plugin 'catalog' option 'jobs': Expected one of: (1, 2)",
        ),
        ("      preview_limit: 0\n", "preview_limit must be at least 1"),
        (
            "      ocds_prefx: ocds-abc123\n",
            "Plugin 'catalog' option 'ocds_prefx': Unrecognised configuration name",
        ),
    ],
)
def test_a_wrong_option_fails_the_build_with_its_fix(
    tmp_path: Path, options: str, message: str, capsys: pytest.CaptureFixture[str], caplog: Any
) -> None:
    root = make_project(tmp_path / "project")
    _with_options(root, options)
    assert build_site(root, tmp_path / "site", strict=True) == 1
    err = capsys.readouterr().err
    assert message in err + caplog.text
    assert "the site was not built" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project"]


def test_preview_limit_in_mkdocs_yml_builds_a_preview(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project", demo=True)
    _with_options(root, "      preview_limit: 2\n")
    assert build_site(root, tmp_path / "site", strict=True) == 0
    built = sorted(p.parent.name for p in (tmp_path / "site/solutions").glob("*/index.html"))
    expected = sorted(p.stem for p in (root / "catalog/solutions").glob("*.yaml"))[:2]
    assert built == expected
    assert "Only the first 2 solutions are shown" in (tmp_path / "site/index.html").read_text(
        encoding="utf-8"
    )


def test_jobs_on_the_command_line_is_checked(tmp_path: Path, run_cli: Any) -> None:
    root = make_project(tmp_path / "project")
    done = run_cli("-C", root, "build", "--jobs", "3", "--site-dir", tmp_path / "site")
    assert done.exit_code == 2
    assert "'--jobs': 3 is not in the range 1<=x<=2" in done.stderr


def test_every_folder_this_tool_writes_carries_the_marker() -> None:
    assert outdir.MARKER == sitebuild.STYLESHEET
    assert (sitebuild.ASSETS_DIR / Path(outdir.MARKER).name).is_file()


def test_a_configuration_without_the_plugin_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_project(tmp_path / "project")
    replace_in(root / "mkdocs.yml", "plugins:\n  - catalog\n", "plugins: []\n")
    assert build_site(root, tmp_path / "site", strict=True) == 1
    err = capsys.readouterr().err
    assert "mkdocs.yml does not enable the catalog plugin: add `- catalog` under plugins" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project"]
