"""The build's optional second process (`jobs: 2`): the bodies it renders ahead and the files it
writes are the bytes the build makes in one process; the parent never waits for it; it skips what
the parent has done; a failing, hanging or abandoned child fails or stops cleanly."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from test_exports_support import replace_in, site_bytes

from site_builder import parallel
from site_builder.build import build_site
from site_builder.pipeline import Result
from site_builder.render import PageSpec, Rendered
from site_builder.sitebuild import SiteBuild, SiteSettings

from conftest import REPO, make_project


def _settings(root: Path, jobs: int) -> SiteSettings:
    return SiteSettings(
        root / "mkdocs.yml",
        root / "docs",
        site_url="https://catalog.example.gov/",
        repo_url="https://code.example.gov/x",
        edit_uri="edit/main/docs/",
        extra={"scope": "/"},
        jobs=jobs,
        shell=False,  # no theme here to render the shells: the entry pages are mkdocs' to write
    )


def _start(root: Path, out: Path, jobs: int = 2, checked: Result | None = None) -> SiteBuild:
    return SiteBuild.start(_settings(root, jobs), out / "site", checked)


def _gone(pid: int) -> bool:
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


def _until_bodies_done(helper: parallel.Helper) -> None:
    deadline = time.monotonic() + 60
    while parallel._BODIES_DONE not in helper._received:
        assert time.monotonic() < deadline, "the child never finished its bodies"
        helper._receive(wait=0.05)


def test_bodies_and_files_from_the_child_equal_those_made_here(demo_project: Path, tmp_path: Path) -> None:
    two = _start(demo_project, tmp_path)
    one = _start(demo_project, tmp_path / "one", jobs=1)
    assert two.helper is not None
    assert one.helper is None
    helper = two.helper
    entries = [spec for spec in two.pages_to_add([]) if spec.entry]
    assert len(entries) > parallel.CHUNK // 4
    _until_bodies_done(helper)
    for spec in reversed(entries):  # any order: pages are looked up by their file
        assert helper.take(spec.src_uri) == one.render(spec), spec.src_uri
        assert helper.take(spec.src_uri) is None  # each body is handed out once
    assert helper.take("index.md") is None  # not an entry page: rendered in the parent
    two.finish(tmp_path / "two")
    one.finish(tmp_path / "one")
    assert _gone(helper.pid)
    assert not helper.staging.exists()
    written = site_bytes(tmp_path / "two")
    assert "api/v1/catalog.json.gz" in written
    assert "assets/catalog/solutions-index.json.gz" in written
    assert written == site_bytes(tmp_path / "one")


def _specs(count: int) -> list[PageSpec]:
    return [
        PageSpec(f"solutions/s{n}/index.md", f"S{n}", "solution.html.j2", entry=f"solutions/s{n}")
        for n in range(count)
    ]


def _slowly(spec: PageSpec) -> Rendered:
    time.sleep(0.01)
    return Rendered(f"<p>{spec.title}</p>", [])


def test_the_child_renders_from_the_end_and_stops_where_the_parent_is(tmp_path: Path) -> None:
    pages = _specs(2 * parallel.CHUNK + 50)  # three chunks, the last one short
    met = parallel.CHUNK + 100  # the parent is half-way through the second chunk
    begun, passed = tmp_path / "begun", tmp_path / "passed"

    def held(spec: PageSpec) -> Rendered:
        # The child's first page waits until the parent has got to `met`, so where the two meet
        # does not depend on how either process is scheduled.
        begun.touch()
        deadline = time.monotonic() + 60
        while not passed.exists() and time.monotonic() < deadline:
            time.sleep(0.01)
        return Rendered(f"<p>{spec.title}</p>", [(2, spec.title, spec.title)])

    helper = parallel.Helper.start(held, pages, lambda site: None, tmp_path / "out")
    deadline = time.monotonic() + 60
    while not begun.exists():  # the exports are done and the child is on the last page
        assert time.monotonic() < deadline, "the child never began the bodies"
        time.sleep(0.01)
    for spec in pages[: met + 1]:  # nothing is done yet: the parent renders these itself
        assert helper.take(spec.src_uri) is None
    passed.touch()
    _until_bodies_done(helper)
    assert helper._chunks_done == 2  # the last chunk, then the part of the second after `met`
    bodies = sorted(p.name for p in (helper.staging / "bodies").glob("bodies-*"))
    assert bodies == ["bodies-1.html", "bodies-2.html"]  # the first chunk was the parent's alone
    for spec in pages[met + 1 :]:
        assert helper.take(spec.src_uri) == Rendered(f"<p>{spec.title}</p>", [(2, spec.title, spec.title)])
    helper.finish(tmp_path / "site")
    assert list((tmp_path / "out").iterdir()) == []


def test_a_parent_that_has_finished_leaves_the_child_no_page(tmp_path: Path) -> None:
    pages = _specs(parallel.CHUNK + 1)
    finishing = tmp_path / "finishing"

    def slow_exports(site: Path) -> None:
        deadline = time.monotonic() + 60
        while not finishing.exists() and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(0.2)  # the parent has called finish meanwhile

    def never(spec: PageSpec) -> Rendered:
        raise AssertionError(f"the child rendered {spec.src_uri} after the parent had finished")

    helper = parallel.Helper.start(never, pages, slow_exports, tmp_path / "out")
    for spec in pages[:-1]:
        assert helper.take(spec.src_uri) is None
    finishing.touch()
    helper.finish(tmp_path / "site")  # the last page too is the parent's: it is past every page
    assert helper._chunks_done == 0


def test_the_parent_never_waits_for_a_chunk(tmp_path: Path) -> None:
    [spec] = _specs(1)

    def never(spec: PageSpec) -> Rendered:
        time.sleep(60)
        raise AssertionError

    helper = parallel.Helper.start(never, [spec], lambda site: None, tmp_path)
    started = time.monotonic()
    assert helper.take(spec.src_uri) is None  # nothing announced yet: render it here
    assert time.monotonic() - started < 1
    assert parallel._POSITION.unpack_from(helper._position, 0)[0] == 0  # the child learns where we are
    helper.abandon()
    assert _gone(helper.pid)
    assert list(tmp_path.iterdir()) == []


def test_a_failing_child_fails_with_its_reason_and_leaves_nothing(project: Path, tmp_path: Path) -> None:
    def fail(site: Path) -> None:
        raise ValueError("exports are written only for a catalog without errors")

    helper = parallel.Helper.start(_slowly, [], fail, tmp_path / "out")
    with pytest.raises(parallel.HelperError, match=r"failed: ValueError: exports are written only .* \(at "):
        helper.finish(tmp_path / "site")
    assert _gone(helper.pid)
    assert list((tmp_path / "out").iterdir()) == []
    assert not (tmp_path / "site").exists()


def test_an_abandoned_child_is_stopped_and_its_files_removed(project: Path, tmp_path: Path) -> None:
    build = _start(project, tmp_path / "out")
    helper = build.helper
    assert helper is not None
    build.abandon()
    build.abandon()  # a second call (build error, then shutdown) does nothing
    assert _gone(helper.pid)
    assert list((tmp_path / "out").iterdir()) == []
    with pytest.raises(parallel.HelperError, match="already collected"):
        helper.finish(tmp_path / "site")


def test_a_hanging_child_is_stopped_and_fails_the_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parallel, "FINISH_TIMEOUT_SECONDS", 1)
    helper = parallel.Helper.start(_slowly, [], lambda site: time.sleep(60), tmp_path / "out")
    started = time.monotonic()
    with pytest.raises(parallel.HelperError, match="did not finish within 1 s"):
        helper.finish(tmp_path / "site")
    assert time.monotonic() - started < 10
    assert _gone(helper.pid)
    assert list((tmp_path / "out").iterdir()) == []


@pytest.mark.slow
def test_one_and_two_processes_build_the_same_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run_cli: object
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764028800")
    root = make_project(tmp_path / "project", demo=True)
    assert build_site(root, tmp_path / "one", strict=True, jobs=1) == 0
    assert build_site(root, tmp_path / "two", strict=True, jobs=2) == 0
    one, two = site_bytes(tmp_path / "one"), site_bytes(tmp_path / "two")
    assert sorted(one) == sorted(two)
    assert [name for name in one if one[name] != two[name]] == []
    assert (
        len([n for n in one if n.startswith("solutions/") and n.endswith("/index.html")])
        == len(list((REPO / "catalog" / "solutions").glob("*.yaml"))) + 1
    )  # and the list


@pytest.mark.slow
def test_exports_that_cannot_be_placed_fail_the_build_and_keep_the_old_site(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_project(tmp_path / "project")
    site = tmp_path / "site"
    assert build_site(root, site, strict=False, jobs=2) == 0
    before = site_bytes(site)
    # A docs page where the exports' folder goes: the move into the site must fail, cleanly.
    (root / "docs" / "api").mkdir(parents=True, exist_ok=True)
    (root / "docs" / "api" / "v1").write_text("not a folder", encoding="utf-8")
    assert build_site(root, site, strict=False, jobs=2) == 1
    assert site_bytes(site) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project", "site"]
    err = capsys.readouterr().err
    assert "the site was not built" in err
    assert "api/v1" in err
    assert "Traceback" not in err


def test_a_catalog_with_errors_starts_no_build(project: Path, tmp_path: Path) -> None:
    replace_in(project / "catalog/solutions/acme-desktop-suite.yaml", "risk_tier: low", "risk_tier: extreme")
    with pytest.raises(Exception, match=r"the catalog has errors:(.|\n)*acme-desktop-suite.yaml") as caught:
        _start(project, tmp_path / "out")
    assert type(caught.value).__name__ == "BuildError"
    assert not (tmp_path / "out").exists()  # no second process, no staging folder
