"""The catalog a build keeps is set aside from the cycle collector for the build's length
(`site_builder/heap.py`) and handed back when the build ends, whether it succeeded or failed, so
a process that builds again (the live preview, the tests) collects the old build's cycles."""

from __future__ import annotations

import gc
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from site_builder.build import build_site
from site_builder.sitebuild import SiteBuild

from conftest import REPO, make_project

NAMES = REPO / "tests" / "fixtures" / "names" / "product-names.tsv"

pytestmark = pytest.mark.slow


def test_the_build_sets_its_catalog_aside_and_hands_it_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_project(tmp_path / "project")
    seen: list[int] = []
    write_filled = SiteBuild.write_filled

    def counting(self: SiteBuild, site_dir: Path) -> None:
        seen.append(gc.get_freeze_count())
        write_filled(self, site_dir)

    monkeypatch.setattr(SiteBuild, "write_filled", counting)
    assert gc.get_freeze_count() == 0
    assert build_site(root, tmp_path / "site", strict=True, jobs=1) == 0
    assert len(seen) == 1
    assert seen[0] > 1000  # the catalog, its site data and page plan
    assert gc.get_freeze_count() == 0
    assert gc.isenabled()


def test_a_failed_build_hands_its_objects_back(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    broken = root / "catalog" / "solutions" / "acme-desktop-suite.yaml"
    broken.write_text(
        broken.read_text(encoding="utf-8").replace("risk_tier: low", "risk_tier: lowest"), "utf-8"
    )
    assert build_site(root, tmp_path / "site", strict=True, jobs=1) == 1
    assert gc.get_freeze_count() == 0
    assert gc.isenabled()
    (root / "docs" / "solutions" / "acme-desktop-suite").mkdir(parents=True, exist_ok=True)
    broken.write_text(
        broken.read_text(encoding="utf-8").replace("risk_tier: lowest", "risk_tier: low"), "utf-8"
    )
    # a docs page where a generated page goes: the build stops inside mkdocs
    (root / "docs" / "solutions" / "acme-desktop-suite" / "index.md").write_text(
        "# Hidden\n", encoding="utf-8"
    )
    assert build_site(root, tmp_path / "site", strict=True, jobs=1) == 1
    assert gc.get_freeze_count() == 0
    assert gc.isenabled()


def _generated(dest: Path, size: int) -> Path:
    done = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "generate.py"), str(size), "--out", str(dest),
         "--names", str(NAMES), "--no-git"],
        capture_output=True, text=True, check=False, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    return dest


def _cycles_left(root: Path, site: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """The objects in reference cycles that each phase run without the collector leaves."""
    left: dict[str, int] = {}

    def counted(name: str, phase: Callable[[SiteBuild, Path], None]) -> Callable[[SiteBuild, Path], None]:
        def run(self: SiteBuild, site_dir: Path) -> None:
            gc.collect()
            phase(self, site_dir)
            assert gc.isenabled()  # handed back once the phase is over
            left[name] = gc.collect()

        return run

    with monkeypatch.context() as patch:
        patch.setattr(SiteBuild, "write_data", counted("data files and exports", SiteBuild.write_data))
        assert build_site(root, site, strict=False, jobs=1) == 0
    return left


def test_the_phases_run_without_the_collector_make_no_cycles_that_grow_with_the_catalog(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Data files and exports run with the collector paused (heap.quiet): whatever
    they made in cycles would stay in memory until the phase ends. Ten times the solutions must
    leave no more (a few JSON encoders' closures are all there is)."""
    small = _cycles_left(_generated(tmp_path / "small", 20), tmp_path / "site-small", monkeypatch)
    large = _cycles_left(_generated(tmp_path / "large", 200), tmp_path / "site-large", monkeypatch)
    assert set(small) == set(large) == {"data files and exports"}
    for phase, count in large.items():
        assert count <= small[phase], (phase, small, large)
        assert count < 500, (phase, large)
