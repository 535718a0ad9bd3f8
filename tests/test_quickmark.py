"""The Markdown shortcut gives markdown-it's HTML exactly, wherever it answers at all.

`quickmark.simple_html` answers for the common shape of a description and leaves the rest to
markdown-it. These tests run both on every Markdown text of the demo and of the benchmark's
generated catalog, and on texts made at random from pieces that sit on the edges of the shape
(list markers, indents, trailing spaces, entities, brackets, images, odd link targets, other
whitespace): any answer that differs from markdown-it's fails, and the shortcut must answer for
most descriptions, or it would save nothing.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from site_builder.render.markup import _markdown, render_markdown
from site_builder.render.quickmark import simple_html

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))


def _strings(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [s for child in value.values() for s in _strings(child)]
    if isinstance(value, list):
        return [s for child in value for s in _strings(child)]
    return [value] if isinstance(value, str) else []


def _agrees(text: str) -> bool | None:
    """None when the shortcut leaves `text` to markdown-it; else whether both give the same."""
    quick = simple_html(text)
    return None if quick is None else quick == _markdown().render(text)


def test_every_text_of_the_demo_and_of_a_generated_catalog_renders_the_same(tmp_path: Path) -> None:
    import generate  # benchmarks/generate.py: the catalog the build is measured on

    generate.main(["300", "--out", str(tmp_path / "generated")])
    texts = [
        text
        for root in (ROOT, tmp_path / "generated")
        for path in sorted((root / "catalog").glob("*/*.yaml"))
        for text in _strings(yaml.safe_load(path.read_text(encoding="utf-8")))
    ]
    answers = [_agrees(text) for text in texts]
    assert False not in answers
    descriptions = [t for t in texts if "\n\n" in t and ("\n- " in t or "](" in t)]
    taken = sum(simple_html(t) is not None for t in descriptions)
    assert descriptions
    assert taken >= 0.8 * len(descriptions)


# Pieces the shortcut takes, and pieces on or past the edges of its shape.
COMMON = [
    "word",
    "Word",
    "data",
    "é",
    "…",
    "日本",
    "2024",
    "24/7",
    "$5",
    ",",
    ".",
    ":",
    ";",
    "(",
    ")",
    "'",
    '"',
    "&",
    "R&D",
    "!",
    "?",
    "-",
    "/",
    "@",
    " ",
    " ",
    " ",
    "  ",
    "\n",
    "\n",
    "\n\n",
    "\n\n",
    "\n- ",
    "\n- ",
    "- ",
    "[link](https://example.org/a)",
    "[b](https://Example.ORG/x_y?q=1&r=2#f)",
    "[c](https://ex.org/a-b.c~d/:e=f+g,h;i@j!k$l'm)",
]
EDGES = [
    "   ",
    "    ",
    "\n   ",
    "\n    ",
    "\n  ",
    "  \n",
    " \n",
    "-",
    "--- ",
    "* ",
    "+ ",
    "1. ",
    "2) ",
    "10.",
    "3.5",
    "#",
    "# ",
    "> ",
    "&amp;",
    "&#39;",
    "&copy;",
    "&x",
    "<b>",
    "<",
    ">",
    "[",
    "]",
    "[a]",
    "[c](https://ex.org/%41%zz)",
    "[d](http://ex.org/)",
    "[e](https://ex.org/a b)",
    '[f](https://ex.org/ "t")',
    "[g](<https://ex.org/>)",
    "![i](https://ex.org/i.png)",
    "[h](https://ex.org/(x))",
    "[](https://ex.org/)",
    "[j]: https://ex.org/",
    "[k][j]",
    "_",
    "__",
    "*",
    "**",
    "`",
    "~~",
    "\\",
    "\\*",
    "\t",
    "\u00a0",
    "\u2028",
    "\u200b",
    "\r\n",
    "===",
    "***",
    "https://ex.org/",
    "<https://ex.org/>",
    "|",
    "x|y",
    "~",
    "=",
    "%",
    "{",
    "\n\n- ",
    "\n\n  ",
    "\n\n   - ",
    "\n-  ",
    "\n- \n",
    "\n-",
    "\x00",
]


@pytest.mark.parametrize("seed", range(8))
def test_texts_on_the_edges_of_the_shape_render_the_same_or_are_left_to_markdown_it(seed: int) -> None:
    rng = random.Random(seed)  # noqa: S311  (repeatable texts, not secrets)
    answered = declined = 0
    for _ in range(4000):
        edge_share = rng.choice([0.0, 0.02, 0.05, 0.15])
        pieces = [
            rng.choice(EDGES if rng.random() < edge_share else COMMON) for _ in range(rng.randint(1, 40))
        ]
        text = "".join(pieces)
        answer = _agrees(text)
        assert answer is not False, repr(text)
        answered += answer is True
        declined += answer is None
    assert answered > 150  # the edges were reached from both sides
    assert declined > 500


def test_the_page_renders_the_same_through_the_shortcut() -> None:
    """`render_markdown` (the sanitizer after it) is unchanged for a text the shortcut takes."""
    text = "Intro line\nnext & more.\n\n- one [x](https://ex.org/a?b=1&c=2)\n- two\n\nEnd (see [here](https://ex.org/)).\n"
    assert simple_html(text) is not None
    from site_builder.render.markup import _cleaner

    assert str(render_markdown(text)) == _cleaner().clean(_markdown().render(text))
