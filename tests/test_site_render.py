"""The renderer's walls, without a build: contributor Markdown sanitized, the plain-paragraph
shortcut equal to the parser, compacting that keeps verbatim text, and the page guard's verdicts."""

from __future__ import annotations

import html
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from site_builder.render import csp
from site_builder.render.markup import (
    _MARKDOWN_SYNTAX,
    TEMPLATES,
    _cleaner,
    _markdown,
    _without_breaks_after_blocks,
    compact_html,
    compact_page,
    plain_markdown,
    render_markdown,
)


def test_markdown_keeps_https_links_and_drops_everything_else() -> None:
    out = str(
        render_markdown(
            "# Big\n\n[ok](https://a.example/x) [js](javascript:alert(1)) [rel](/etc/passwd) "
            "<script>alert(1)</script> ![img](https://a.example/i.png) <b onclick=x>b</b>"
        )
    )
    assert "<h3>Big</h3>" in out  # a contributor's heading sits below the page's own sections
    assert '<a href="https://a.example/x" rel="noreferrer">ok</a>' in out
    assert "javascript:" not in out.replace("[js](javascript:alert(1))", "")
    assert 'href="/etc/passwd"' not in out
    assert "<script" not in out
    assert "<img" not in out
    assert "<b" not in out
    assert "&lt;script&gt;" in out  # shown as the text that was written


def test_plain_text_of_markdown_keeps_list_items_apart() -> None:
    assert plain_markdown("Intro **bold**.\n\n- one\n- two [x](https://a.example)\n\nEnd") == (
        "Intro bold.\n\n- one\n- two x\n\nEnd"
    )


_PLAIN = st.text(
    alphabet=st.sampled_from(list("abcXYZ .,;:()%$@?'\"-+=/\n\t0123456789éü–")), min_size=1
).filter(str.strip)


@settings(max_examples=400)  # the rest (derandomized in CI) from the suite's profile, see conftest
@given(_PLAIN)
def test_plain_paragraph_shortcut_reads_like_the_parser(text: str) -> None:
    parsed = html.unescape(_cleaner().clean(_markdown().render(text)))
    assert html.unescape(str(render_markdown(text))) == parsed or _MARKDOWN_SYNTAX.search(text)


def test_compact_html_keeps_verbatim_blocks() -> None:
    page = "<div>\n    <p>a\n      b</p>\n\n  <pre>x\n   y</pre>\n <script>q\n  r</script>\n</div>"
    assert compact_html(page) == "<div>\n<p>a\nb</p>\n<pre>x\n   y</pre>\n<script>q\n  r</script>\n</div>"


def test_compact_page_tightens_the_theme_frame_and_leaves_the_article_as_compact_html_does() -> None:
    frame_head = (
        '<nav>\n  <ul>\n<li><a href="../" class="md-nav__link">\n<span class="md-ellipsis">\nHome\n</span>\n</a>'
        "\n</li>\n</ul>\n<script>a\n  b</script>\n</nav>\n"
    )
    article = '<article class="md-content__inner md-typeset">\n<p><a>x</a>\n<a>y</a></p>\n<pre>p\n q</pre>\n'
    page = frame_head + article + "</article>\n<footer>\n<p>\nend\n</p>\n</footer>"
    assert compact_page(page) == (
        '<nav><ul><li><a href="../" class="md-nav__link">Home</a></li></ul><script>a\n  b</script></nav>'
        + compact_html(article)  # a line break between two inline links is a space: kept
        + "</article><footer><p>end</p></footer>"
    )
    assert compact_page("<p>\n  no theme\n</p>") == compact_html("<p>\n  no theme\n</p>")


def test_guard_reports_handlers_styles_script_urls_and_foreign_loads() -> None:
    page = (
        '<p title="a > b" onmouseover="x()">t</p><a href="java&#115;cript:alert(1)">x</a>'
        '<div style="color:red"></div><img src="https://tracker.example/p.gif" alt="">'
        '<link rel="canonical" href="https://catalog.example/x/"><a href="https://vendor.example/">ok</a>'
        "<p>text that says onload=x and javascript:y is only text</p>"
    )
    problems, _ = csp.check_page(page, set())
    assert sorted(problems) == [
        "<a> has a script URL in href=",
        "<div> has an inline style attribute",
        "<img> loads https://tracker.example/p.gif from another site",
        "<p> has an event-handler attribute onmouseover=",
    ]


def test_guard_accepts_data_blocks_and_hashes_only_scripts_that_run() -> None:
    page = (
        '<script type="application/json">{"a": 1}</script><script src="x.js"></script><script>go()</script>'
    )
    assert csp.inline_scripts(page) == ["go()"]
    problems, hashes = csp.check_page(page, {csp.script_hash("go()")})
    assert problems == []
    assert hashes == [csp.script_hash("go()")]


def test_templates_lose_only_the_white_space_after_their_block_tags() -> None:
    source = (
        '<dl class="x">\n  <dt>A</dt>\n  <dd>{{ a }}</dd>\n</dl>\n\n<h2 id="b">B</h2>\n'
        "{% for i in items %}\n  <p>{{ i }}</p>\n{% endfor %}\n"
        "<p>one <a>two</a>\n<a>three</a></p>\n<pre>\n<code>kept</code>\n</pre>\n"
        '<tr data-x="{{ x }}">\n<td>{% if y %} text {% endif %}</td>\n'
    )
    assert _without_breaks_after_blocks(source) == (
        '<dl class="x"><dt>A</dt><dd>{{ a }}</dd></dl><h2 id="b">B</h2>{% for i in items %}\n'
        "<p>{{ i }}</p>{% endfor %}\n"
        "<p>one <a>two</a>\n<a>three</a></p><pre>\n<code>kept</code>\n</pre>\n"
        '<tr data-x="{{ x }}"><td>{% if y %} text {% endif %}</td>\n'
    )
    # Every template keeps all its text and markup: only white space goes, and never inside
    # pre or textarea, nor between two inline elements.
    for path in sorted(TEMPLATES.glob("*.j2")):
        text = path.read_text(encoding="utf-8")
        compacted = _without_breaks_after_blocks(text)
        assert "".join(compacted.split()) == "".join(text.split()), path.name
        for verbatim in re.findall(r"<(?:pre|textarea)\b.*?</(?:pre|textarea)>", text, re.DOTALL):
            assert verbatim in compacted, path.name
