"""Compiled templates kept in the cache folder (`site_builder/templatecache.py`): a build that
loads them gives the same bytes as one that compiled every template, and a compiled template is
never used once its text, the environment or the code of a filter it may have folded changes,
nor when it was copied from elsewhere."""

from __future__ import annotations

import importlib
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from unittest import mock

import jinja2
import pytest

from site_builder import cachefile, templatecache
from site_builder.build import build_site
from site_builder.render import markup

from conftest import make_project

COMPILED = Path(cachefile.CACHE_DIR) / "templates"


def _tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.fixture
def fresh_environments() -> Iterator[None]:
    """The project's environment made again, so templates are not reused from memory."""
    markup.environment.cache_clear()
    yield
    markup.environment.cache_clear()


@pytest.mark.slow
def test_a_build_from_compiled_templates_gives_the_same_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_environments: None
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764028800")
    root = make_project(tmp_path / "project", demo=True)
    assert build_site(root, tmp_path / "compiled", strict=True, jobs=1) == 0
    kept = sorted((root / COMPILED).iterdir())
    assert len(kept) > 20  # the theme's templates and the project's own
    markup.environment.cache_clear()
    with mock.patch.object(jinja2.Environment, "compile", side_effect=AssertionError("compiled again")):
        assert build_site(root, tmp_path / "loaded", strict=True, jobs=1) == 0
    one, two = _tree(tmp_path / "compiled"), _tree(tmp_path / "loaded")
    assert sorted(one) == sorted(two)
    assert [name for name in one if one[name] != two[name]] == []


def _environment(templates: Path, root: Path, **filters: object) -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(templates)), autoescape=True)
    env.filters.update(filters)
    templatecache.use_cache(env, root)
    return env


def test_a_changed_template_is_compiled_again(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "page.html").write_text("one {{ value }}", encoding="utf-8")
    assert _environment(templates, tmp_path).get_template("page.html").render(value=1) == "one 1"
    (templates / "page.html").write_text("two {{ value }}", encoding="utf-8")
    assert _environment(templates, tmp_path).get_template("page.html").render(value=2) == "two 2"


def test_another_environment_does_not_share_compiled_templates(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "page.html").write_text("{% if true %}\nx{% endif %}", encoding="utf-8")
    assert _environment(templates, tmp_path).get_template("page.html").render() == "\nx"
    trimmed = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)), autoescape=True, trim_blocks=True
    )
    templatecache.use_cache(trimmed, tmp_path)
    assert trimmed.get_template("page.html").render() == "x"


def test_a_folded_filter_whose_code_changed_is_compiled_again(tmp_path: Path) -> None:
    # Jinja folds a filter over a constant into the compiled template: the filter's own code,
    # here in a module of its own, must be part of what the compiled template is kept under.
    package = tmp_path / "code" / "foldedfilter"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("def shout(text):\n    return text.upper()\n", encoding="utf-8")
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "page.html").write_text("{{ 'hello'|shout }}", encoding="utf-8")
    sys.path.insert(0, str(tmp_path / "code"))
    try:
        module = importlib.import_module("foldedfilter")
        first = _environment(templates, tmp_path, shout=module.shout)
        assert first.get_template("page.html").render() == "HELLO"
        (package / "__init__.py").write_text(
            "def shout(text):\n    return text.upper() + '!'\n", encoding="utf-8"
        )
        module = importlib.reload(module)
        second = _environment(templates, tmp_path, shout=module.shout)
        assert second.get_template("page.html").render() == "HELLO!"
    finally:
        sys.path.remove(str(tmp_path / "code"))
        sys.modules.pop("foldedfilter", None)


def test_compiled_templates_copied_from_elsewhere_are_not_loaded(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "page.html").write_text("{{ value }}", encoding="utf-8")
    here, there = tmp_path / "here", tmp_path / "there"
    here.mkdir()
    _environment(templates, here).get_template("page.html")
    shutil.copytree(here / cachefile.CACHE_DIR, there / cachefile.CACHE_DIR)
    env = _environment(templates, there)
    with mock.patch.object(env, "compile", wraps=env.compile) as compiled:
        assert env.get_template("page.html").render(value=3) == "3"
    assert compiled.call_count == 1  # the copy was not believed
