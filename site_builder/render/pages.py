"""The site's pages: which exist, at which URL, with which title and template.

Fixed URLs: `/`, `/solutions/`, `/solutions/<id>/`, `/vendors/<id>/`, `/vehicles/<id>/`, `/contracts/<id>/`,
`/scenarios/<id>/`, `/compare/`, plus index, category, expiry, coverage, rules and data pages.
Long lists are paged (`…/page/2/`) so that every entry is reachable by plain links.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from .contribute_kinds import form_kinds
from .labels import CATEGORIES, label
from .sitedata import SiteData

PER_PAGE = 100
WIDE = ("navigation", "toc")  # search and comparison pages use the full width


@dataclass(frozen=True)
class PageSpec:
    src_uri: str  # the virtual Markdown file, e.g. "solutions/acme/index.md"
    title: str  # plain text; escaped wherever it is printed
    template: str
    entry: str = ""  # "<kinds>/<id>" for entry pages
    number: int = 1  # page number of a paged list
    pages: int = 1
    group: str = ""  # the category of a category page
    in_nav: bool = False
    hide: tuple[str, ...] = ("navigation",)  # theme sidebars to leave out; the nav is in the tabs
    edit_file: str | None = field(default=None, compare=False)

    @property
    def url(self) -> str:
        """The directory URL mkdocs gives the virtual file (use_directory_urls)."""
        stem = self.src_uri.removesuffix(".md")
        if stem == "index":
            return ""
        return stem.removesuffix("/index") + "/"


def paged(prefix: str, count: int) -> list[tuple[int, str]]:
    """(number, src_uri) of each page of a list of `count` items under `prefix`."""
    pages = max(1, -(-count // PER_PAGE))
    return [(n, f"{prefix}/index.md" if n == 1 else f"{prefix}/page/{n}.md") for n in range(1, pages + 1)]


def plan(data: SiteData) -> Iterator[PageSpec]:
    """Every page of the site, in a stable order."""
    catalog = data.catalog
    yield PageSpec("index.md", "Home", "home.html.j2", in_nav=True)
    for kind, title, template in (
        ("solutions", "Solutions", "browse.html.j2"),
        ("vendors", "Vendors", "vendors.html.j2"),
        ("contracts", "Contracts", "contracts.html.j2"),
        ("scenarios", "Emergency scenarios", "scenarios.html.j2"),
    ):
        listing = paged(kind, len(catalog.of_kind(kind)))
        for number, src in listing:
            shown = title if number == 1 else f"{title}, page {number} of {len(listing)}"
            wide = WIDE if kind == "solutions" and number == 1 else ("navigation",)
            yield PageSpec(
                src, shown, template, number=number, pages=len(listing), in_nav=number == 1, hide=wide
            )
    yield PageSpec("categories/index.md", "Categories", "categories.html.j2")
    for category in sorted(data.indexes.solutions_by_category, key=lambda c: label("category", c)):
        name = CATEGORIES.get(category, category)
        listing = paged(f"categories/{category}", len(data.indexes.solutions_by_category[category]))
        for number, src in listing:
            shown = name if number == 1 else f"{name}, page {number} of {len(listing)}"
            yield PageSpec(src, shown, "category.html.j2", number=number, pages=len(listing), group=category)
    for src, title, template in (
        ("expiring/index.md", "Expiring contracts and credentials", "expiring.html.j2"),
        ("terms/index.md", "Terms across the catalog", "coverage.html.j2"),
        ("rules/index.md", "Rules every entry must meet", "rules.html.j2"),
        ("emergency-purchasing/index.md", "Emergency purchasing", "emergency.html.j2"),
        ("data/index.md", "Open data", "data.html.j2"),
    ):
        yield PageSpec(src, title, template, in_nav=True)
    yield PageSpec("compare/index.md", "Compare solutions", "compare.html.j2", in_nav=True, hide=WIDE)
    yield PageSpec("contribute/index.md", "Add or change an entry", "contribute.html.j2", in_nav=True)
    for kind in form_kinds(data.schemas):
        yield PageSpec(
            f"contribute/{kind}/index.md", f"Add or change a {kind}", "contribute_form.html.j2", group=kind
        )
    for kind, template in (
        ("solutions", "solution.html.j2"),
        ("vendors", "vendor.html.j2"),
        ("vehicles", "vehicle.html.j2"),
        ("contracts", "contract.html.j2"),
        ("scenarios", "scenario.html.j2"),
    ):
        for entry_id, entry in sorted(catalog.of_kind(kind).items()):
            # <kind>/<id>/index.md, not <kind>/<id>.md: an entry named "index" must not replace the list
            yield PageSpec(
                f"{kind}/{entry_id}/index.md", entry.name, template, entry=entry.key, edit_file=entry.file
            )
