"""The lists' pager is given only the pages it can show (`render.context.Pager`), not every page
of the list: the macro in templates/_macros.html.j2 must give the same links and ellipses either
way, on every page of lists of every length."""

from __future__ import annotations

from site_builder.render.context import Pager
from site_builder.render.markup import environment
from site_builder.render.pages import PageSpec


def _every_page(prefix: str, pages: int) -> list[tuple[int, str]]:
    return [(n, f"{prefix}/" if n == 1 else f"{prefix}/page/{n}/") for n in range(1, pages + 1)]


def test_the_pager_shows_the_same_links_as_with_every_page_listed() -> None:
    pager_macro = environment().get_template("_macros.html.j2").module.pager  # type: ignore[attr-defined]
    shown = 0
    for pages in range(1, 41):
        for number in range(1, pages + 1):
            spec = PageSpec(
                f"solutions/page/{number}.md", "Solutions", "browse.html.j2", number=number, pages=pages
            )
            pager = Pager("solutions", number, pages)
            assert len(pager) == pages
            expected = str(pager_macro("../../", spec, _every_page("solutions", pages)))
            assert str(pager_macro("../../", spec, pager)) == expected, (pages, number)
            shown += expected.count("<li")
    assert shown > 6000  # the macro did render links (40 lists, up to 40 pages each)


def test_the_pager_yields_at_most_nine_pages_however_long_the_list() -> None:
    pager = Pager("categories/security", 250, 500)
    numbers = [number for number, _ in pager]
    assert numbers == [1, 247, 248, 249, 250, 251, 252, 253, 500]
    assert dict(pager)[1] == "categories/security/"
    assert dict(pager)[500] == "categories/security/page/500/"
