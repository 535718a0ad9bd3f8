"""The live preview's page-by-page updates against clean builds, file by file and byte by byte.

A generated catalog of a few hundred solutions (grown from the demo) is built by a preview
session; after each edit of a sequence (names, descriptions, categories, prices, vendors,
contracts, contract terms, scenarios, files added and removed, an invalid edit and its fix) every
file of the session's folder is compared with a clean `catalog build` of the same catalog.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from site_builder.build import _pinned_time, load_site_config
from site_builder.pipeline import check
from site_builder.plugin import CatalogPlugin
from site_builder.preview import PreviewSession

REPO = Path(__file__).resolve().parent.parent
NAMES = REPO / "tests" / "fixtures" / "names" / "product-names.tsv"


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def _same_as_clean_build(
    session: PreviewSession, root: Path, out: Path, run_cli: Callable[..., object]
) -> None:
    shutil.rmtree(out, ignore_errors=True)
    done = run_cli("-C", root, "build", "--site-dir", out, "--jobs", "1")
    assert done.exit_code == 0, done.output + done.stderr  # type: ignore[attr-defined]
    preview, clean = _files(session.site_dir), _files(out)
    assert sorted(preview) == sorted(clean), set(preview) ^ set(clean)
    differ = [path for path in clean if preview[path] != clean[path]]
    assert not differ, f"{len(differ)} files differ from a clean build, e.g. {differ[:5]}"


def _edit(path: Path, pattern: str, replacement: str) -> None:
    text = path.read_text(encoding="utf-8")
    changed, count = re.subn(pattern, replacement, text, count=1, flags=re.MULTILINE)
    assert count == 1, f"{pattern!r} not in {path}"
    path.write_text(changed, encoding="utf-8")


def _field(path: Path, name: str) -> str:
    found = re.search(rf"^{name}: (.+)$", path.read_text(encoding="utf-8"), re.MULTILINE)
    assert found is not None, f"{name} not in {path}"
    return found.group(1).strip()


def _block(path: Path, key: str) -> str:
    """The top-level field `key` with everything indented under it."""
    found = re.search(rf"^{key}:.*\n(?:[ -].*\n)*", path.read_text(encoding="utf-8"), re.MULTILINE)
    assert found is not None, f"{key} not in {path}"
    return found.group(0)


def _move(root: Path, solution: Path, others: list[Path]) -> None:
    """`solution` offered by another vendor under that vendor's contract: the first of `others`
    whose vendor and contracts it can take without breaking a rule of its own."""
    original = solution.read_text(encoding="utf-8")
    for other in others:
        if _field(other, "vendor") == _field(solution, "vendor"):
            continue
        text = original
        for key in ("vendor", "offered_under"):
            text = text.replace(_block(solution, key), _block(other, key))
        solution.write_text(text, encoding="utf-8")
        if not check(root, [solution]).report.errors:
            return
    solution.write_text(original, encoding="utf-8")
    pytest.fail(f"no solution's vendor and contracts suit {solution.name}")


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("preview") / "project"
    done = subprocess.run(
        [
            sys.executable,
            str(REPO / "benchmarks" / "generate.py"),
            "300",
            "--out",
            str(root),
            "--names",
            str(NAMES),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return root


def _session(root: Path, site: Path) -> PreviewSession:
    def load(folder: Path) -> tuple[object, CatalogPlugin]:
        return load_site_config(root / "mkdocs.yml", folder, options={"jobs": 1})

    return PreviewSession(root, site, load, serve_url=None, command="build")  # type: ignore[arg-type]


def test_every_update_leaves_the_folder_as_a_clean_build(
    generated: Path, tmp_path: Path, run_cli: Callable[..., object]
) -> None:
    root = tmp_path / "project"
    shutil.copytree(generated, root)
    with _pinned_time(root):  # the sitemap's dates, as `catalog build` and `catalog serve` pin them
        _updates(root, tmp_path, run_cli)


def _updates(root: Path, tmp_path: Path, run_cli: Callable[..., object]) -> None:
    session = _session(root, tmp_path / "preview")
    assert not session.start().errors
    clean = tmp_path / "clean"
    solutions = sorted((root / "catalog" / "solutions").glob("*.yaml"))
    busy = max(  # the contract with most solutions among those that state their own terms
        [
            c
            for c in sorted((root / "catalog" / "contracts").glob("*.yaml"))
            if "section: " in c.read_text("utf-8")
        ],
        key=lambda c: sum(f"contract: {c.stem}\n" in s.read_text(encoding="utf-8") for s in solutions),
    )
    one, two, three = solutions[10], solutions[50], solutions[120]
    vendor = root / "catalog" / "vendors" / f"{_field(one, 'vendor')}.yaml"
    scenario = min((root / "catalog" / "scenarios").glob("*.yaml"))
    categories = sorted({_field(s, "category") for s in solutions})

    def step(name: str, how: str, change: Callable[[], None]) -> None:
        change()
        outcome = session.update()
        assert outcome.how == how, f"{name}: {outcome}"
        _same_as_clean_build(session, root, clean, run_cli)

    step("solution renamed", "pages", lambda: _edit(one, r"^name: .*$", "name: Renamed Preview Product"))
    step(
        "description",
        "pages",
        lambda: _edit(one, r"^description: \|\n  ", "description: |\n  Edited first line.\n\n  "),
    )
    step("category", "pages", lambda: _edit(two, r"^category: .*$", f"category: {categories[0]}"))
    step("price", "pages", lambda: _edit(three, r"^  starting_price: \d+", "  starting_price: 4321"))
    step("moved to another vendor and contract", "pages", lambda: _move(root, two, solutions[150:]))
    step("vendor renamed", "pages", lambda: _edit(vendor, r"^name: .*$", "name: Renamed Preview Vendor"))
    step("contract renamed", "pages", lambda: _edit(busy, r"^title: .*$", "title: Renamed Umbrella Contract"))
    step("contract term", "pages", lambda: _edit(busy, r"^(\s+section: )(.+)$", r"\1\2 as amended"))
    step("scenario edited", "pages", lambda: _edit(scenario, r"^title: .*$", "title: Renamed Emergency"))

    before = _files(session.site_dir)
    good_vendor = _field(three, "vendor")
    _edit(three, r"^vendor: .*$", "vendor: no-such-vendor")
    assert session.update().how == "invalid"
    assert "no-such-vendor" in session.notice
    assert _files(session.site_dir) == before, "an invalid catalog must leave the last good site"
    step("fixed", "pages", lambda: _edit(three, r"^vendor: .*$", f"vendor: {good_vendor}"))

    added = root / "catalog" / "solutions" / "preview-added-solution.yaml"
    text = one.read_text(encoding="utf-8").replace(f"id: {one.stem}", "id: preview-added-solution")
    step("file added", "whole", lambda: added.write_text(text, encoding="utf-8"))
    step("file removed", "whole", added.unlink)


def test_changes_outside_the_catalog_rebuild_everything(
    project: Path, tmp_path: Path, run_cli: Callable[..., object]
) -> None:
    """The policy, the docs and mkdocs.yml feed every page: each is a whole build, and the folder
    again matches a clean build; nothing changed, nothing is written."""
    session = _session(project, tmp_path / "preview")
    assert not session.start().errors
    assert session.update().how == "unchanged"
    policy = project / "schema" / "terms-policy.yaml"
    policy.write_text(policy.read_text(encoding="utf-8") + "\n# reviewed\n", encoding="utf-8")
    outcome = session.update()
    assert outcome.how == "whole", outcome
    assert "policy" in outcome.why
    _same_as_clean_build(session, project, tmp_path / "clean", run_cli)
    page = next((project / "docs").glob("*.md"))
    page.write_text(page.read_text(encoding="utf-8") + "\nOne more line for the preview.\n", encoding="utf-8")
    assert session.update().how == "whole"
    _same_as_clean_build(session, project, tmp_path / "clean", run_cli)
