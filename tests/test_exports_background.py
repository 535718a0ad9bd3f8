"""The exports written by a forked child while the pages render: same bytes as in-process, a
failing child fails with its reason, an abandoned child leaves nothing behind."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from test_exports_support import replace_in, site_bytes

from site_builder.build import build_site
from site_builder.buildinfo import build_info
from site_builder.exports.background import ExportError, start_exports
from site_builder.exports.site import write_site_exports
from site_builder.pipeline import check

from conftest import make_project


def _gone(pid: int) -> bool:
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


def test_the_child_writes_the_same_bytes_and_merges_into_the_site(project: Path, tmp_path: Path) -> None:
    result = check(project)
    info = build_info(project, result.catalog.today)
    write_site_exports(result, tmp_path / "direct", info)
    site = tmp_path / "site"
    (site / "api").mkdir(parents=True)
    (site / "api" / "kept.txt").write_text("a page of the site", encoding="utf-8")
    exports = start_exports(result, info, tmp_path / "out")
    exports.finish(site)
    assert _gone(exports.pid)
    assert not exports.staging.exists()
    written = site_bytes(site)
    assert written.pop("api/kept.txt") == b"a page of the site"
    assert written == site_bytes(tmp_path / "direct")
    assert list((tmp_path / "out").iterdir()) == []


def test_a_failing_child_fails_with_its_reason_and_leaves_nothing(project: Path, tmp_path: Path) -> None:
    replace_in(project / "catalog/solutions/acme-desktop-suite.yaml", "risk_tier: low", "risk_tier: extreme")
    result = check(project)
    assert result.report.errors
    exports = start_exports(result, build_info(project, result.catalog.today), tmp_path / "out")
    with pytest.raises(ExportError, match=r"writing the data exports failed: ValueError: .*without errors"):
        exports.finish(tmp_path / "site")
    assert _gone(exports.pid)
    assert list((tmp_path / "out").iterdir()) == []
    assert not (tmp_path / "site").exists()


def test_an_abandoned_child_is_stopped_and_its_files_removed(project: Path, tmp_path: Path) -> None:
    result = check(project)
    exports = start_exports(result, build_info(project, result.catalog.today), tmp_path / "out")
    exports.abandon()
    exports.abandon()  # a second call (build error, then the CLI's cleanup) does nothing
    assert _gone(exports.pid)
    assert list((tmp_path / "out").iterdir()) == []
    with pytest.raises(ExportError, match="already collected"):
        exports.finish(tmp_path / "site")


@pytest.mark.slow
def test_exports_that_cannot_be_placed_fail_the_build_and_keep_the_old_site(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_project(tmp_path / "project")
    site = tmp_path / "site"
    assert build_site(root, site, strict=False) == 0
    before = site_bytes(site)
    # A docs page where the exports' folder goes: the move into the site must fail, cleanly.
    (root / "docs" / "api").mkdir(parents=True, exist_ok=True)
    (root / "docs" / "api" / "v1").write_text("not a folder", encoding="utf-8")
    assert build_site(root, site, strict=False) == 1
    assert site_bytes(site) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project", "site"]
    err = capsys.readouterr().err
    assert "the site was not built" in err
    assert "Traceback" not in err


def test_a_hanging_child_is_stopped_and_fails_the_build(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from site_builder.exports import background

    monkeypatch.setattr(background, "FINISH_TIMEOUT_SECONDS", 1)
    result = check(project)
    exports = start_exports(
        result, build_info(project, result.catalog.today), tmp_path / "out", also=lambda _: time.sleep(60)
    )
    started = time.monotonic()
    with pytest.raises(ExportError, match="did not finish within 1 s"):
        exports.finish(tmp_path / "site")
    assert time.monotonic() - started < 10
    assert _gone(exports.pid)
    assert list((tmp_path / "out").iterdir()) == []
