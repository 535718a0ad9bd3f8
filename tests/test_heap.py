"""The catalog a build keeps is set aside from the cycle collector for the build's length
(`site_builder/heap.py`) and handed back when the build ends, whether it succeeded or failed, so
a process that builds again (the live preview, the tests) collects the old build's cycles."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from site_builder.build import build_site
from site_builder.sitebuild import SiteBuild

from conftest import make_project

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
