"""Entry pages rendered ahead in another process are the same as those rendered in place."""

from __future__ import annotations

from pathlib import Path

from site_builder.buildinfo import build_info
from site_builder.exports.background import start_exports
from site_builder.pipeline import check
from site_builder.render import Renderer, plan, site_data
from site_builder.render.prerender import Bodies, ahead, write_bodies


def test_bodies_rendered_by_the_child_equal_those_rendered_here(demo_project: Path, tmp_path: Path) -> None:
    result = check(demo_project)
    data = site_data(result, build_info(demo_project, result.catalog.today), "https://example.org/x/", None)
    specs = list(plan(data))
    later = ahead(specs)
    entries = [spec for spec in specs if spec.entry]
    assert later == entries[len(entries) - len(later) :]
    assert 0 < len(later) < len(entries)
    renderer = Renderer(data)
    exports = start_exports(
        result, data.info, tmp_path / "out", first=lambda folder: write_bodies(renderer, later, folder)
    )
    bodies = Bodies(exports.work, exports.ready)
    here = Renderer(data)
    for spec in reversed(specs):  # any order: pages are looked up by their file
        taken = bodies.take(spec.src_uri)
        if spec not in later:
            assert taken is None
            continue
        edit = data.edit_url(spec.edit_file) if spec.edit_file else None
        assert taken == here.render(spec, edit), spec.src_uri
        assert bodies.take(spec.src_uri) is None  # each body is handed out once
    exports.finish(tmp_path / "site")
    assert (tmp_path / "site" / "api" / "v1" / "catalog.json").is_file()


def test_a_child_that_failed_first_leaves_the_pages_to_the_parent(tmp_path: Path) -> None:
    bodies = Bodies(tmp_path, lambda: False)
    assert bodies.take("solutions/any/index.md") is None
    assert bodies.failed
