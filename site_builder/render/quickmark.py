"""The Markdown most descriptions are written in, turned into markdown-it's HTML without its parser.

Most contributor Markdown is paragraphs, a bulleted list of one-line items and https links
(`[product page](https://…)`). markdown-it's block and inline parsers cost more per page than
anything else a solution's page prints; for text of exactly that shape the HTML it would give is
known, and `simple_html` writes it directly. Anything outside that shape (emphasis, code, headings,
quotes, ordered or nested or loose lists, entities, escapes, images, titles, other whitespace,
lines a list or heading could start with) returns None and goes through markdown-it as before.

The result is markdown-it's own output, not the page's: the sanitizer still runs over it. Link
targets go through markdown-it's own normalisation and check, and text through its own escaping,
so the two cannot drift apart on those; `tests/test_quickmark.py` compares both on every
description of the demo and on thousands of texts made to sit on the edges of the shape.
"""

from __future__ import annotations

import re
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml

# Characters that start Markdown syntax anywhere in a line (brackets only in a link, handled
# below); `&` only when it could be an entity or character reference.
_ENTITY = re.compile(r"&#?[A-Za-z0-9]+;")
_SYNTAX = re.compile(rf"[\\`*_<>\[\]]|{_ENTITY.pattern}")
# `[text](https://target)`: text without brackets or Markdown, a target without spaces, double quotes,
# parentheses, brackets, backslashes or entities (so markdown-it reads it as written).
_LINK = re.compile(r"\[([^\[\]\\`*_<>\n]+)\]\((https://[A-Za-z0-9\-._~/:?=#+,;@!$'&]+)\)")
_ITEM = re.compile(r"- (?=[^\s])")
# What may begin a paragraph's line or a list item's text: a letter or digit (a number not
# followed by `.` or `)`, which would start an ordered list), a quote, a parenthesis or a link.
_SAFE_START = re.compile(r"(?:[^\W\d_]|\d(?!\d*[.)])|[\"'(]|\[)")


@lru_cache(maxsize=1)
def _link_tools() -> MarkdownIt:
    return MarkdownIt("commonmark")


def _inline(text: str) -> str | None:
    """One line's content as markdown-it renders it, or None outside the shape."""
    parts = []
    position = 0
    for match in _LINK.finditer(text):
        plain = text[position : match.start()]
        if _SYNTAX.search(plain) or plain.endswith("!"):  # `![…](…)` is an image
            return None
        label, target = match.groups()
        tools = _link_tools()
        href = tools.normalizeLink(target)
        if _ENTITY.search(target) or not tools.validateLink(href) or _SYNTAX.search(label):
            return None
        parts.append(escapeHtml(plain))
        parts.append(f'<a href="{escapeHtml(href)}">{escapeHtml(label)}</a>')
        position = match.end()
    rest = text[position:]
    if _SYNTAX.search(rest):
        return None
    parts.append(escapeHtml(rest))
    return "".join(parts)


def _lines(block: list[str]) -> list[str] | None:
    """The lines of a paragraph or of a list's items, each rendered, or None."""
    rendered = []
    for line in block:
        content = line.strip(" ")
        if line.endswith("  ") or not _SAFE_START.match(content):
            return None
        found = _inline(content)
        if found is None:
            return None
        rendered.append(found)
    return rendered


def simple_html(text: str) -> str | None:
    """markdown-it's HTML for `text` when it is paragraphs, one-line bullet items and https
    links only; None otherwise (the caller then runs markdown-it)."""
    if not text.replace("\n", "").isprintable() or "\t" in text:
        return None
    blocks: list[list[str]] = [[]]
    for line in text.split("\n"):
        if line.strip(" "):
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    html = []
    after_list = False
    for block in blocks:
        if not block:
            continue
        items = [line for line in block if _ITEM.match(line)]
        if items and len(items) == len(block):
            if after_list:  # lists apart only by a blank line are one loose list
                return None
            rendered = _lines([line[2:] for line in block])
            if rendered is None:
                return None
            html.append("<ul>\n" + "".join(f"<li>{item}</li>\n" for item in rendered) + "</ul>\n")
            after_list = True
        elif not items:
            # Indented by four, code; after a list, indented at all, more of its last item.
            if any(line.startswith("    " if not after_list else " ") for line in block):
                return None
            rendered = _lines(block)
            if rendered is None:
                return None
            html.append("<p>" + "\n".join(rendered) + "</p>\n")
            after_list = False
        else:
            return None
    return "".join(html) if html else None
