"""Contributor text as safe HTML, and the one Jinja environment every entry page is rendered with.

Contributor text is data: plain fields are escaped by Jinja's autoescape; Markdown fields go
through markdown-it (CommonMark, raw HTML off, images off) and then the nh3 allow-list
sanitizer, which keeps only https links. Validation already rejects anything the sanitizer would
remove, so this is a second wall, not the first.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date
from functools import lru_cache
from html import unescape
from pathlib import Path
from typing import Any

import nh3
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markdown_it import MarkdownIt
from markupsafe import Markup, escape

from .. import prices, terms
from ..jsonout import dumps
from .jinjaenv import CatalogEnvironment
from .labels import label
from .quickmark import simple_html
from .snippets import badge, external, lot_words

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"

_TAGS = {"p", "em", "strong", "ul", "ol", "li", "a", "code", "pre", "blockquote", "br", "hr"}
_HEADINGS = {f"h{level}" for level in range(3, 7)}
_HEADING_OFFSET = 2  # a contributor's "# Title" sits under the page's own h2 sections


def _keep_https(tag: str, attribute: str, value: str) -> str | None:
    """nh3 lets relative URLs through; catalog links must be absolute https ones."""
    if tag == "a" and attribute == "href" and not value.startswith("https://"):
        return None
    return value


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False}).disable("image")

    def heading_open(renderer: Any, tokens: Any, idx: int, options: Any, env: Any) -> str:
        level = min(6, int(tokens[idx].tag[1]) + _HEADING_OFFSET)
        return f"<h{level}>"

    def heading_close(renderer: Any, tokens: Any, idx: int, options: Any, env: Any) -> str:
        level = min(6, int(tokens[idx].tag[1]) + _HEADING_OFFSET)
        return f"</h{level}>\n"

    md.add_render_rule("heading_open", heading_open)
    md.add_render_rule("heading_close", heading_close)
    return md


@lru_cache(maxsize=1)
def _cleaner() -> nh3.Cleaner:
    return nh3.Cleaner(
        tags=_TAGS | _HEADINGS,
        attributes={"a": {"href"}, "ol": {"start"}},
        url_schemes={"https"},
        # No Referer to the linked site; "noreferrer" also implies "noopener" in HTML.
        link_rel="noreferrer",
        attribute_filter=_keep_https,
        strip_comments=True,
    )


# Text with none of these is plain paragraphs in CommonMark: no emphasis, links, code, lists,
# headings, quotes, breaks, entities or HTML (most descriptions).
_MARKDOWN_SYNTAX = re.compile(r"[\\`*_\[\]<>&!#|~]|^ {0,3}([-+=]|\d+[.)])|^ {4}|  $|\t", re.MULTILINE)


@lru_cache(maxsize=4096)  # a contract's instructions appear on every one of its solutions' pages
def render_markdown(text: str) -> Markup:
    """Contributor Markdown as sanitized HTML."""
    if not _MARKDOWN_SYNTAX.search(text):
        # Plain paragraphs need no parser (markdown-it is the costliest step per page); escaped,
        # the result is what markdown-it and the sanitizer would give.
        blocks = re.split(r"\n\s*\n", text.strip())
        paragraphs = [
            "\n".join(line.strip() for line in block.splitlines()) for block in blocks if block.strip()
        ]
        return Markup("".join(f"<p>{escape(p)}</p>\n" for p in paragraphs))  # noqa: S704  (escaped)
    html = simple_html(text)  # paragraphs, bullets and links: markdown-it's HTML without parsing
    return Markup(_cleaner().clean(html or _markdown().render(text)))  # noqa: S704  (sanitized just now)


def plain_markdown(text: str) -> str:
    """The words of a Markdown field without markup (list items on their own lines), for
    copyable text; it is escaped again wherever it is printed."""
    html = _cleaner().clean(_markdown().render(text))
    html = re.sub(r"<li>", "- ", html)
    html = re.sub(r"</li>\s*", "\n", html)
    html = re.sub(r"</(h[3-6]|pre|blockquote)>|<br\s*/?>", "\n", html)
    html = re.sub(r"</p>", "\n\n", html)
    plain = unescape(re.sub(r"<[^>]+>", "", html))
    lines = [line.strip() for line in plain.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def format_money(amount: Any, currency: str = "USD") -> str:
    return terms.format_money(float(amount), currency) if isinstance(amount, int | float) else str(amount)


def format_date(value: Any) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)


def plural(count: int, word: str, many: str | None = None) -> str:
    return f"{count:,} {word if count == 1 else many or word + 's'}"


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "section"


# Block-level tags of the templates. White space right after one is never rendered (it starts or
# ends a line box, or sits between blocks), so the line breaks and indentation there, and around
# the statement lines that follow, are only bytes on every page.
_BLOCK = "div|p|h[1-6]|table|caption|thead|tbody|tr|td|th|dl|dt|dd|ul|ol|li|section|nav|form"
# a block tag, whose attributes may print values but hold no statements
_BLOCK_TAG = rf"</?(?:{_BLOCK})(?:\s(?:[^<>{{]|{{{{[^{{}}]*}}}})*)?>"
_STATEMENT = r"{%[^%]*%}"
_BREAK_AFTER_BLOCK = re.compile(rf"({_BLOCK_TAG})((?:\s*{_STATEMENT})*)\s*(?=<)")


def _without_breaks_after_blocks(source: str) -> str:
    """The template's text without white space after its block tags; the statement lines kept,
    joined (`trim_blocks` still drops the line break after the last of them)."""
    return _BREAK_AFTER_BLOCK.sub(
        lambda match: match[1] + "".join(re.findall(_STATEMENT, match[2])) + ("\n" if match[2] else ""),
        source,
    )


class _CompactLoader(FileSystemLoader):
    """Templates without the white space after their block tags, dropped once when a template is
    loaded rather than from every page. Template text only: nothing a contributor writes."""

    def get_source(self, environment: Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        source, filename, uptodate = super().get_source(environment, template)
        return _without_breaks_after_blocks(source), filename, uptodate


@lru_cache(maxsize=4)
def environment(templates: Path = TEMPLATES) -> Environment:
    """Compiled once per process: templates are parsed on first use and then cached."""
    env = CatalogEnvironment(
        loader=_CompactLoader(str(templates)),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        auto_reload=False,
        # Jinja's optimizer tries to fold every expression into a constant while compiling; the
        # templates print almost none, and the attempts were a sixth of compiling them.
        optimized=False,
    )
    env.filters.update(
        {
            "markdown": render_markdown,
            "plain": plain_markdown,
            "label": lambda value, vocabulary: label(vocabulary, value),
            "money": format_money,
            "rate": prices.money,
            "isodate": format_date,
            "badge": badge,
            "external": external,
            "lot_words": lot_words,
        }
    )
    env.globals.update({"plural": plural, "slug": slug, "label": label})
    # Validation allows only https URLs; templates link a URL only if it passes this test too.
    env.tests["https"] = lambda value: isinstance(value, str) and value.startswith("https://")
    return env


_VERBATIM = re.compile(r"(<(pre|textarea|script|style)\b.*?</\2\s*>)", re.IGNORECASE | re.DOTALL)
_INDENT = re.compile(r"\n[ \t\r\n]*")


def compact_html(html: str) -> str:
    """Drop indentation and blank lines (a third of a themed page) outside pre, textarea,
    script and style. A line break stays where there was one, so the page renders the same."""
    parts = _VERBATIM.split(html)
    out = []
    for index in range(0, len(parts), 3):
        out.append(_INDENT.sub("\n", parts[index]))
        if index + 1 < len(parts):
            out.append(parts[index + 1])
    return "".join(out)


_ARTICLE_OPEN = '<article class="md-content__inner'
_ARTICLE_CLOSE = "</article>"
_TAG_BREAK = re.compile(r"(?<=>)\n|\n(?=<)")
# The theme wraps each link of the drawer's navigation and of the table of contents in an
# ellipsis span; those labels are the site's own short names, which never need cutting short.
_NAV_LABEL = re.compile(r'(class="md-nav__link"(?: [^<>]*)?>)<span class="md-ellipsis">([^<>]*)</span>')


# The theme's dialog shows "Copied to clipboard" after a code-copy button, a feature the site
# leaves off; the theme's script mounts it only where it is, so pages are the same without it.
_DIALOG = (
    '<div class="md-dialog" data-md-component="dialog"><div class="md-dialog__inner md-typeset"></div></div>'
)
# The skip link's and the banner's wrappers name components the theme's script never mounts here
# (the banner's only with announce.dismiss, off) and its stylesheet never styles.
_WRAPPERS = re.compile(
    r'<div data-md-component="skip">(<a [^<>]*>[^<>]*</a>)?</div>'
    r'|<div data-md-component="announce">(<aside class="md-banner">.*?</aside>)?</div>',
    re.DOTALL,
)


def compact_frame(html: str) -> str:
    """The theme's own markup without the line breaks next to its tags, the wrappers of its
    navigation labels, skip link and banner, and its unused dialog: a tenth of a page, the same on every page, and
    rendered the same, since the frame's elements are blocks and flex items. Only the theme's
    frame: contributor text sits in the article (and in escaped titles, which have no line
    breaks or tags)."""
    out = []
    for index, part in enumerate(_VERBATIM.split(html)):
        if index % 3 == 0:
            frame = _NAV_LABEL.sub(r"\1\2", _TAG_BREAK.sub("", part)).replace(_DIALOG, "")
            out.append(_WRAPPERS.sub(lambda found: found.group(1) or found.group(2) or "", frame))
        elif index % 3 == 1:
            out.append(part)
    return "".join(out)


def compact_page(html: str) -> str:
    """A whole themed page compacted: its article as `compact_html` leaves it, the theme's frame
    around it as `compact_frame` does (a page without the theme's article is compacted whole)."""
    html = compact_html(html)
    start, end = html.find(_ARTICLE_OPEN), html.rfind(_ARTICLE_CLOSE)
    if start < 0 or end < start:
        return html
    return compact_frame(html[:start]) + html[start:end] + compact_frame(html[end:])


def escape_text(text: str) -> str:
    """Escaped for raw insertion into HTML by templates that do not escape (the theme's)."""
    return str(escape(text))


def json_for_script(data: Mapping[str, Any] | list[Any]) -> str:
    """JSON safe inside an HTML data block: no `</script>` or comment openers survive."""
    text = dumps(data)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
