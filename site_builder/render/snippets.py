"""Small pieces of markup every entry page prints many times, as Jinja filters.

Written in Python, each is one call where a macro was a context, a frame and an escape per value;
the HTML is the macro's, byte for byte. Every value is escaped (`Markup.format` or `escape`):
nothing here is marked safe as it came.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from markupsafe import Markup, escape

from ..model import Validity

_BADGE = Markup('<span class="cat-b-{}">{}</span>')


@lru_cache(maxsize=1024)  # a few hundred distinct standings in a whole catalog
def badge(validity: Validity) -> Markup:
    """Where a dated thing stands, as a status badge ("Active", "Expiring in 12 days")."""
    words = validity.label
    return _BADGE.format(validity.status.value, words[:1].upper() + words[1:])


def external(url: Any, text: Any) -> Markup:
    """A link out of the site for an https `url` (validation allows no other), else the text."""
    if isinstance(url, str) and url.startswith("https://"):
        # escape() of each value: Markup.format's formatter is three times slower, on every page
        return Markup(f'<a href="{escape(url)}" rel="noreferrer">{escape(text)}</a>')  # noqa: S704  (escaped)
    return escape(text)


def lot_words(items: Sequence[tuple[str, Any]], words: bool = True) -> str:
    """The lots an offering covers: "lot 1 (Software)", "lots 1 (Software), 2", or "all lots"
    (without `words`: "1 (Software), 2" or "all", for a table's column of lots)."""
    if not items:
        return "all lots" if words else "all"
    listed = ", ".join(f"{lot} ({name})" if name else f"{lot}" for lot, name in items)
    if not words:
        return listed
    return ("lots " if len(items) > 1 else "lot ") + listed
