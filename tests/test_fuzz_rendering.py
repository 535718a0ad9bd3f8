"""Property-based tests of the promise between validation and rendering: whatever Markdown passes
the text checks is shown exactly as the parser reads it — the sanitizer, the second wall, finds
nothing to remove — and any text embedded as JSON in a page stays data.
"""

from __future__ import annotations

import html
import json
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from site_builder.content import check_text
from site_builder.render import markup
from site_builder.yamlsafe import find_invisible

from conftest import HYPOTHESIS_PROFILE

RICH = frozenset({"description"})
EXAMPLES = 400
# Markdown a contributor would write: it passes the checks, so the property below is asserted on
# it.  The hostile pieces further down make some inputs fail validation, which is asserted too.
WRITTEN = [
    "Records", "case management", " ", " ", ", ", ". ", "\n", "\n\n", "**bold**", "*stress*", "_note_",
    "`code`", "# Heading\n", "- item\n", "1. step\n", "> quoted\n", "é", "ü", "3 < 4", "50 %",
    "[the guide](https://acme.example/guide)", "a_b_c", "(see below)",
]  # fmt: skip
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
written = st.lists(st.sampled_from(WRITTEN), min_size=1, max_size=12).map("".join)
hostile = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=5), links), max_size=16).map("".join)
markdown_like = st.one_of(written, written, written, hostile, st.tuples(written, hostile).map("".join))
_TAG = re.compile(r"<[^>]*>")
_HREF = re.compile(r'href="([^"]*)"')


def visible(fragment: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(_TAG.sub(" ", fragment))).strip()


def hrefs(fragment: str) -> list[str]:
    return [html.unescape(href) for href in _HREF.findall(fragment)]


def test_markdown_that_passes_validation_loses_nothing_to_the_sanitizer() -> None:
    asserted: list[str] = []
    rejected: list[str] = []

    @settings(max_examples=EXAMPLES)
    @given(markdown_like)
    def check(text: str) -> None:
        findings = check_text({"description": text}, RICH)
        if any(find_invisible(text)) or findings:
            # rejected with a reason (by the loader or the text checks), never silently changed
            assert all(f.message and f.rule for f in findings), findings
            rejected.append(text)
            return
        parsed = markup._markdown().render(text)  # what the parser makes of it, before sanitizing
        shown = str(markup.render_markdown(text))
        assert visible(shown) == visible(parsed), (text, parsed, shown)
        assert hrefs(shown) == hrefs(parsed), (text, parsed, shown)
        assert all(href.startswith("https://") for href in hrefs(shown))
        assert "<script" not in shown
        assert "<img" not in shown
        asserted.append(text)

    check()
    # The property is only as good as the inputs it was checked on: most examples must pass
    # validation and be compared, and the hostile ones must be refused, not skipped.
    assert len(asserted) >= EXAMPLES * 4 // 10, (len(asserted), len(rejected))  # about half, measured
    assert len(rejected) >= EXAMPLES // 10, (len(asserted), len(rejected))
    assert any("](https://" in text for text in asserted)  # links were among the compared


@settings(max_examples=300)
@given(st.text(max_size=60), st.sampled_from(["</script>", "<!--", "<script>", "]]>", "\u2028", "&", ""]))
def test_text_embedded_as_json_in_a_page_stays_data(text: str, trap: str) -> None:
    value = text + trap + text
    embedded = markup.json_for_script({"name": value, "list": [value]})
    assert "<" not in embedded
    assert ">" not in embedded
    assert json.loads(embedded) == {"name": value, "list": [value]}


def test_the_suite_runs_under_the_profile_asked_for() -> None:
    """CI sets HYPOTHESIS_PROFILE=ci (derandomized, no database): every fuzz test follows it,
    including those that set only their own example count."""
    from test_site_render import test_plain_paragraph_shortcut_reads_like_the_parser as plain

    wanted = settings.get_profile(HYPOTHESIS_PROFILE)
    for test in (test_text_embedded_as_json_in_a_page_stays_data, plain):
        used = test._hypothesis_internal_use_settings  # type: ignore[attr-defined]
        assert (used.derandomize, used.database) == (wanted.derandomize, wanted.database), test
    assert settings.default.derandomize == wanted.derandomize
