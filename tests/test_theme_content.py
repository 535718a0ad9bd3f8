"""The theme's content partial as the catalog overrides it prints what mkdocs-material's prints,
for every optional part switched on or off: only the compiling of the parts nothing shows is
saved (site_builder/theme/partials/content.html)."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import jinja2
import material
import pytest

from site_builder.render.markup import compact_html
from site_builder.sitebuild import THEME_DIR

MATERIAL = Path(material.__file__).parent / "templates"


class _Lang:
    def t(self, key: str) -> str:
        return f"[{key}]"


def _environment(*folders: Path) -> jinja2.Environment:
    """As mkdocs makes the theme's environment (mkdocs/theme.py), without autoescaping."""
    loader = jinja2.FileSystemLoader([str(f) for f in folders])
    env = jinja2.Environment(loader=loader, auto_reload=False)  # noqa: S701 - the theme's own setting
    env.filters["url"] = lambda value: value
    return env


# (edit URL?, features): the edit and view buttons need both a URL and their feature
ACTIONS = [
    (False, ["content.action.edit", "content.action.view"]),
    (True, []),
    (True, ["content.action.edit"]),
    (True, ["content.action.view"]),
    (True, ["content.action.edit", "content.action.view"]),
]


def _context(
    tags: bool, actions: tuple[bool, list[str]], dates: bool, feedback: bool, hidden: bool
) -> dict[str, Any]:
    edit, features = actions
    meta: dict[str, Any] = {"title": "A page"}
    if dates:
        meta.update(revision_date="2026-11-01", git_creation_date_localized="2026-01-05")
    if hidden:
        meta["hide"] = ["tags", "feedback"]
    extra: dict[str, Any] = {}
    if feedback:
        extra["analytics"] = {
            "feedback": {
                "title": "Was this page helpful?",
                "ratings": [
                    {"icon": "material/emoticon-happy-outline", "name": "Yes", "data": 1, "note": "Thanks"}
                ],
            }
        }
    return {
        "page": {
            "title": "A page",
            "url": "a/",
            "content": "<p>Body</p>",
            "meta": meta,
            "edit_url": "https://code.example.gov/edit/main/docs/a.md" if edit else None,
        },
        "features": features,
        "config": {"site_name": "Site", "extra": extra, "theme": {"icon": {}}, "plugins": {}},
        "tags": [{"name": "cloud", "url": "tags/#cloud"}, {"name": "saas"}] if tags else [],
        "lang": _Lang(),
    }


BOTH = (False, True)


@pytest.mark.parametrize(
    ("tags", "actions", "dates", "feedback", "hidden"),
    list(itertools.product(BOTH, ACTIONS, BOTH, BOTH, BOTH)),
)
def test_the_content_partial_prints_what_the_themes_prints(
    tags: bool, actions: tuple[bool, list[str]], dates: bool, feedback: bool, hidden: bool
) -> None:
    context = _context(tags, actions, dates, feedback, hidden)
    theirs = _environment(MATERIAL).get_template("partials/content.html").render(context)
    ours = _environment(THEME_DIR, MATERIAL).get_template("partials/content.html").render(context)
    assert compact_html(ours) == compact_html(theirs)
    shown = {
        "md-tags": tags,  # hidden by an attribute
        "md-content__button": actions[0] and bool(actions[1]),
        "md-source-file": dates,
        "md-feedback": feedback and not hidden,
    }
    assert {mark: mark in theirs for mark in shown} == shown  # each part is really exercised


def test_parts_that_print_nothing_are_not_compiled() -> None:
    env = _environment(THEME_DIR, MATERIAL)
    env.get_template("partials/content.html").render(_context(False, ACTIONS[1], False, False, False))
    loaded = {key[1] for key in env.cache or {}}
    assert "partials/content.html" in loaded
    assert not loaded & {
        "partials/tags.html",
        "partials/actions.html",
        "partials/source-file.html",
        "partials/feedback.html",
    }
