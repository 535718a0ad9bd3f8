"""Entry pages rendered ahead in another process are the same as those rendered in place; the
parent never waits for them, and the child skips what the parent has already done."""

from __future__ import annotations

import os
import time
from pathlib import Path

from site_builder.buildinfo import build_info
from site_builder.exports.background import BackgroundExports, start_exports
from site_builder.pipeline import Result, check
from site_builder.render import PageSpec, Renderer, SiteData, plan, site_data
from site_builder.render.prerender import _POSITION, Bodies, ahead, shared_position, write_bodies


def _start(
    result: Result, data: SiteData, out: Path, parent_at: int = -1
) -> tuple[BackgroundExports, Bodies, list[PageSpec]]:
    later = ahead(list(plan(data)))
    position = shared_position()
    _POSITION.pack_into(position, 0, parent_at)
    renderer = Renderer(data)
    exports = start_exports(
        result,
        data.info,
        out,
        first=lambda folder, signal: write_bodies(renderer, later, folder, signal, position),
    )
    assert exports.signal is not None
    return exports, Bodies(exports.work, exports.signal, position, later), later


def _until_the_child_is_past_its_bodies(bodies: Bodies) -> None:
    deadline = time.monotonic() + 60
    while bodies.signal is not None:
        assert time.monotonic() < deadline, "the child never finished its bodies"
        bodies._receive()
        time.sleep(0.01)


def test_bodies_rendered_by_the_child_equal_those_rendered_here(demo_project: Path, tmp_path: Path) -> None:
    result = check(demo_project)
    data = site_data(result, build_info(demo_project, result.catalog.today), "https://example.org/x/", None)
    exports, bodies, later = _start(result, data, tmp_path / "out")
    assert later == [spec for spec in plan(data) if spec.entry]
    _until_the_child_is_past_its_bodies(bodies)
    here = Renderer(data)
    for spec in reversed(later):  # any order: pages are looked up by their file
        edit = data.edit_url(spec.edit_file) if spec.edit_file else None
        assert bodies.take(spec.src_uri) == here.render(spec, edit), spec.src_uri
        assert bodies.take(spec.src_uri) is None  # each body is handed out once
    assert bodies.take("index.md") is None  # not an entry page
    exports.finish(tmp_path / "site")
    assert (tmp_path / "site" / "api" / "v1" / "catalog.json").is_file()


def test_the_child_skips_pages_the_parent_has_passed(demo_project: Path, tmp_path: Path) -> None:
    result = check(demo_project)
    data = site_data(result, build_info(demo_project, result.catalog.today), None, None)
    exports, bodies, later = _start(result, data, tmp_path / "out", parent_at=10**9)
    _until_the_child_is_past_its_bodies(bodies)
    assert bodies.done >= 1
    assert all(bodies.take(spec.src_uri) is None for spec in later)
    assert not list(exports.work.glob("bodies-*"))
    exports.finish(tmp_path / "site")


def test_the_parent_never_waits_for_a_chunk(tmp_path: Path) -> None:
    read_end, write_end = os.pipe()
    spec = PageSpec("solutions/a/index.md", "A", "solution.html.j2", entry="solutions/a")
    bodies = Bodies(tmp_path, read_end, shared_position(), [spec])
    started = time.monotonic()
    assert bodies.take(spec.src_uri) is None  # nothing announced yet: render it here
    assert time.monotonic() - started < 1
    assert _POSITION.unpack_from(bodies.position, 0)[0] == 0  # the child learns where the parent is
    os.close(write_end)
    os.close(read_end)
