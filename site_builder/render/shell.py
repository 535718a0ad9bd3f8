"""Entry pages in a theme shell rendered once per folder, instead of a theme pass per page.

Outside the nav, every entry page of a folder (`solutions/<id>/`, `vendors/<id>/`, …) gets the
same theme markup around its body: only the title, the canonical address, the table of contents
(when the frame has one; the entry pages' lighter frame has none) and the body differ. So the theme renders one page per folder with a sentinel in each of those
places; `Shell.capture` cuts the finished page (compacted, guarded, with its policy) at the
sentinels, and `Shell.fill` puts a real page together from the pieces with plain string joins.
The result is the same bytes the theme would give that page: the test suite builds the demo
both ways and compares every page.

The sentinels are found only in the theme's own output, where no contributor text is, and
filling is a join of pieces, never a search and replace in text that includes contributor text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markupsafe import escape

from .markup import compact_html, escape_text
from .pages import PageSpec

TITLE = "catalog-shell-title-5e0c"
ANCHOR = "catalog-shell-anchor-5e0c"
HEADING = "catalog-shell-heading-5e0c"
_BODY = "catalog-shell-body-5e0c"
_CANONICAL = "catalog-shell-address-5e0c"
_CANONICAL_ESCAPED = "catalog-shell-escaped-address-5e0c"
# The theme adds its own <h1> to a body without one, so the sentinel body has one.
BODY = f'<h1 id="{_BODY}">{_BODY}</h1>'
# (level, anchor, text) headings of the sentinel page: its title, then one section.
HEADINGS = [(1, "title", TITLE), (2, ANCHOR, HEADING)]
_SLOTS = re.compile(f"({TITLE}|{ANCHOR}|{HEADING}|{re.escape(BODY)}|{_CANONICAL_ESCAPED}|{_CANONICAL})")


class ShellError(Exception):
    """The theme's page did not come out as the shell expects; the message says what."""


def _pieces(text: str) -> tuple[str, ...]:
    """Literal text and slot names, alternating (literal first)."""
    return tuple(_SLOTS.split(text))


@dataclass(frozen=True)
class Shell:
    """A folder's finished page cut at its sentinels: before the contents' items, one item, after."""

    before: tuple[str, ...]
    item: tuple[str, ...]
    after: tuple[str, ...]
    separator: str  # between two items of the table of contents

    @classmethod
    def capture(cls, page: str, canonical: str | None) -> Shell:
        """Cut the finished sentinel page; `canonical` is the address the theme gave it."""
        if canonical:
            page = page.replace(canonical, _CANONICAL)
            if str(escape(canonical)) != canonical:
                page = page.replace(str(escape(canonical)), _CANONICAL_ESCAPED)
        if page.count(BODY) != 1:
            raise ShellError("the theme's page has no single body where expected")
        if ANCHOR not in page and HEADING not in page:
            # The lighter frame of entry pages has no table of contents.
            return cls(_pieces(page), (), (), "")
        at = page.find(f'href="#{ANCHOR}"')
        start, end = page.rfind("<li", 0, at), page.find("</li>", at)
        if at < 0 or start < 0 or end < 0 or page.count(ANCHOR) != 1:
            raise ShellError("the theme's page has no single table-of-contents item where expected")
        end += len("</li>")
        separator = "\n" if page[end : end + 1] == "\n" else ""
        return cls(_pieces(page[:start]), _pieces(page[start:end]), _pieces(page[end:]), separator)

    def fill(self, title: str, canonical: str | None, body: str, headings: list[tuple[int, str, str]]) -> str:
        """The page with this escaped title, address, body and (level, anchor, escaped text)
        headings: the body's h1 first, then its h2 sections, as every entry template has them."""
        if not headings or headings[0][:2] != (1, "title") or any(level != 2 for level, _, _ in headings[1:]):
            raise ShellError(
                'an entry page must start with <h1 id="title"> and have only h2 sections after it'
            )
        if len(headings) < 2:
            raise ShellError("an entry page needs at least one h2 section (the theme lists them)")
        address = canonical or ""
        values = {
            TITLE: title,
            _CANONICAL: address,
            _CANONICAL_ESCAPED: str(escape(address)),
            BODY: _compact_body(body),
        }
        items = [
            _join(self.item, {**values, ANCHOR: anchor, HEADING: text})
            for _, anchor, text in (headings[1:] if self.item else [])
        ]
        return _join(self.before, values) + self.separator.join(items) + _join(self.after, values)


def _join(pieces: tuple[str, ...], values: dict[str, str]) -> str:
    return "".join(piece if index % 2 == 0 else values[piece] for index, piece in enumerate(pieces))


def _compact_body(body: str) -> str:
    """The body as `compact_html` leaves it inside a whole page: the theme puts it on lines of
    its own, so a line break at either end merges with the theme's."""
    return compact_html(body).strip("\n")


def sitemap_with(sitemap: str, shell_url: str, urls: list[str]) -> str:
    """mkdocs' sitemap with an entry for each of `urls` (directory URLs, in order) right after the
    one of the folder's shell page at `shell_url`, in the same form."""
    at = sitemap.find(f"{shell_url}</loc>")
    if at < 0:
        # mkdocs lists a page only when it has an address (`site_url` set), the same for every
        # page of a folder: without the shell page, none of the folder is listed.
        return sitemap
    start, end = sitemap.rfind("<url>", 0, at), sitemap.find("</url>", at)
    if start < 0 or end < 0:
        raise ShellError(f"the sitemap's entry for /{shell_url} is not in mkdocs' form")
    start = sitemap.rfind("\n", 0, start) + 1
    end = sitemap.find("\n", end) + 1 or len(sitemap)
    block = sitemap[start:end]
    loc_start = block.find("<loc>") + len("<loc>")
    prefix = block[loc_start : block.find(f"{shell_url}</loc>")]
    head, tail = block[:loc_start] + prefix, block[block.find("</loc>") :]
    added = "".join(f"{head}{escape(url)}{tail}" for url in urls)
    return sitemap[:end] + added + sitemap[end:]


def folder(spec: PageSpec) -> str:
    return spec.url.split("/", 1)[0]


class FolderShells:
    """Which entry pages are the shell pages (the first of each folder), the shells captured from
    them, and the pages filled into them."""

    def __init__(self, specs: list[PageSpec]) -> None:
        self.first: dict[str, PageSpec] = {}  # the shell page, by folder
        self.filled: dict[str, list[PageSpec]] = {}  # the others, by folder, in build order
        self.shells: dict[str, Shell] = {}
        self.address_prefix: str | None = None  # the site root's canonical address
        for spec in specs:
            if spec.entry:
                if folder(spec) in self.first:
                    self.filled[folder(spec)].append(spec)
                else:
                    self.first[folder(spec)] = spec
                    self.filled[folder(spec)] = []
        self.shell_uris = {spec.src_uri for spec in self.first.values()}
        self.filled_uris = {spec.src_uri for specs in self.filled.values() for spec in specs}

    def capture(self, spec: PageSpec, page: str, address: str | None) -> None:
        """Keep the finished sentinel page of `spec`'s folder as its shell."""
        self.shells[folder(spec)] = Shell.capture(page, address)
        if address is not None:
            self.address_prefix = address.removesuffix(spec.url)

    def fill(self, spec: PageSpec, body: str, headings: list[tuple[int, str, str]]) -> str:
        shell = self.shells.get(folder(spec))
        if shell is None:
            raise ShellError(f"the theme did not render /{folder(spec)}/'s first entry page")
        address = None if self.address_prefix is None else self.address_prefix + spec.url
        return shell.fill(escape_text(spec.title), address, body, headings)

    def sitemap(self, text: str) -> str:
        """mkdocs' sitemap, which lists the shell pages, with the filled pages added."""
        for name, specs in self.filled.items():
            if specs:
                text = sitemap_with(text, self.first[name].url, [spec.url for spec in specs])
        return text
