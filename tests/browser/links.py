"""Every internal link and resource of a built site, checked against the files on disk.

A link is internal when it is relative or starts with the site's own address (`site_url`). It
must lead to a file (a folder means its index.html), and a `#fragment` must name an element of
the page it leads to. Query strings are ignored: the file is what a static host serves.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

# (tag, attribute) pairs that make the browser fetch or navigate.
LINKING = {
    ("a", "href"),
    ("area", "href"),
    ("link", "href"),
    ("script", "src"),
    ("img", "src"),
    ("source", "src"),
    ("iframe", "src"),
    ("form", "action"),
    ("use", "href"),
}
EXTERNAL_SCHEMES = ("mailto:", "tel:", "data:", "blob:")


@dataclass
class PageLinks:
    ids: set[str] = field(default_factory=set)
    links: list[tuple[str, str, str]] = field(default_factory=list)  # (tag, attribute, value)


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found = PageLinks()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name in {"id", "name"} and (name == "id" or tag == "a"):
                self.found.ids.add(value)
            if (tag, name) in LINKING:
                self.found.links.append((tag, name, value))

    handle_startendtag = handle_starttag


def collect(text: str) -> PageLinks:
    parser = _Collector()
    parser.feed(text)
    parser.close()
    return parser.found


def _page_url(site: Path, file: Path) -> str:
    """The URL path a file is served at, from the site root, without the leading slash."""
    relative = file.relative_to(site).as_posix()
    return relative.removesuffix("index.html")


def _target_file(site: Path, url_path: str) -> Path | None:
    path = site / unquote(url_path).lstrip("/")
    if path.is_dir():
        path = path / "index.html"
    return path if path.is_file() else None


def broken_links(site: Path, site_url: str) -> list[str]:
    """'page: tag attr=value (why)' for every internal link of every HTML file that leads nowhere."""
    site = site.resolve()
    pages = {file: collect(file.read_text(encoding="utf-8")) for file in sorted(site.rglob("*.html"))}
    problems = []
    for file, found in pages.items():
        here = "/" + _page_url(site, file)
        for tag, attribute, value in found.links:
            if value.startswith(EXTERNAL_SCHEMES):
                continue
            parts = urlsplit("/" + value[len(site_url) :] if value.startswith(site_url) else value)
            if parts.scheme or parts.netloc:
                continue  # another site: not ours to check here
            if parts.path:
                joined = posixpath.normpath(posixpath.join(posixpath.dirname(here + "x"), parts.path))
                if parts.path.endswith("/") and not joined.endswith("/"):
                    joined += "/"
                target = _target_file(site, joined)
            else:
                target = file
            where = f"{file.relative_to(site).as_posix()}: <{tag} {attribute}={value!r}>"
            if target is None:
                problems.append(f"{where} leads to no file")
                continue
            fragment = unquote(parts.fragment)
            if fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else collect(target.read_text("utf-8")).ids
                if fragment not in ids:
                    problems.append(f"{where}: no element with id {fragment!r} on that page")
    return problems
