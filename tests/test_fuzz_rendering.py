"""Property-based tests of the promise between validation and rendering: whatever Markdown passes
the text checks is shown exactly as the parser reads it — the sanitizer, the second wall, finds
nothing to remove — and any text embedded as JSON in a page stays data.
"""

from __future__ import annotations

import html
import json
import os
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from site_builder.content import check_text
from site_builder.render import markup
from site_builder.yamlsafe import find_invisible

PROFILE = settings.get_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev")
)
RICH = frozenset({"description"})
PIECES = [
    "word", " ", "\n", "\n\n", "**", "*", "_", "`", "# ", "- ", "1. ", "> ", "    ", "```\n", "\\", "[", "]",
    "(", ")", "](", "](https://acme.example/a)", "](https://acme.example/a?b=1&c=2)", "](http://x.example)",
    "](javascript:alert(1))", "](//evil.example)", "<", ">", "<b>", "</p>", "<https://a.example>", "&",
    "&amp;", "&#60;", "![", '"', "'", "{", "}", "{:", "|", "---", "***", "===", "~~", "^", "%", "é",
    "\u0430", "\u05e9", "3 < 4", "a_b_c", "x\ty", "  \n", "[x]: https://a.example\n",
]  # fmt: skip
URLS = [
    "https://acme.example/a", "http://acme.example", "javascript:alert(1)", "//evil.example", "/local",
    "#top", "mailto:a@b.example", "HTTPS://acme.example", "https://a@b.example", "<https://a.example/b c>",
    "https://acme.example/a \"title\"", "jav&#x61;script:x", "https://\u0430.example",
]  # fmt: skip
links = st.builds(
    "{}[{}]({})".format,
    st.sampled_from(["", "", "!"]),
    st.one_of(st.sampled_from(["x", "https://acme.example", "a *b*", ""]), st.text(max_size=4)),
    st.one_of(st.sampled_from(URLS), st.text(max_size=6)),
)
markdown_like = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=5), links), max_size=16).map(
    "".join
)
_TAG = re.compile(r"<[^>]*>")
_HREF = re.compile(r'href="([^"]*)"')


def visible(fragment: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(_TAG.sub(" ", fragment))).strip()


def hrefs(fragment: str) -> list[str]:
    return [html.unescape(href) for href in _HREF.findall(fragment)]


@settings(PROFILE, max_examples=400)
@given(markdown_like)
def test_markdown_that_passes_validation_loses_nothing_to_the_sanitizer(text: str) -> None:
    if any(find_invisible(text)) or check_text({"description": text}, RICH):
        return  # rejected with a reason (by the loader or the text checks), never silently changed
    parsed = markup._markdown().render(text)  # what the parser makes of it, before sanitizing
    shown = str(markup.render_markdown(text))
    assert visible(shown) == visible(parsed), (text, parsed, shown)
    assert hrefs(shown) == hrefs(parsed), (text, parsed, shown)
    assert all(href.startswith("https://") for href in hrefs(shown))
    assert "<script" not in shown
    assert "<img" not in shown


@settings(PROFILE, max_examples=300)
@given(st.text(max_size=60), st.sampled_from(["</script>", "<!--", "<script>", "]]>", "\u2028", "&", ""]))
def test_text_embedded_as_json_in_a_page_stays_data(text: str, trap: str) -> None:
    value = text + trap + text
    embedded = markup.json_for_script({"name": value, "list": [value]})
    assert "<" not in embedded
    assert ">" not in embedded
    assert json.loads(embedded) == {"name": value, "list": [value]}
