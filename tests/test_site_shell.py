"""Entry pages filled into a theme shell rendered once per folder are the bytes the theme's own
pass gives every page: the whole demo site, sitemap included, built both ways and compared; text
that looks like the shell's sentinels stays text; a broken shell fails the build clearly."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_exports_support import replace_in, site_bytes
from test_site_security import guard_problems

from site_builder.build import build_site
from site_builder.render import shell
from site_builder.render.pages import PageSpec

from conftest import make_project

SHELL_OFF = "plugins:\n  - catalog:\n      shell: false\n"


def _both_ways(root: Path, out: Path, jobs: int) -> tuple[dict[str, bytes], dict[str, bytes]]:
    assert build_site(root, out / "shell", strict=True, jobs=jobs) == 0
    replace_in(root / "mkdocs.yml", "plugins:\n  - catalog\n", SHELL_OFF)
    try:
        assert build_site(root, out / "theme", strict=True, jobs=jobs) == 0
    finally:
        replace_in(root / "mkdocs.yml", SHELL_OFF, "plugins:\n  - catalog\n")
    return site_bytes(out / "shell"), site_bytes(out / "theme")


@pytest.mark.parametrize(("jobs", "address"), [(1, True), (2, True), (1, False)])
def test_every_page_filled_into_a_shell_is_the_theme_s_own_bytes(
    tmp_path: Path, jobs: int, address: bool
) -> None:
    root = make_project(tmp_path / "project", demo=True)
    if not address:  # no site_url: no canonical links, and mkdocs lists no page in the sitemap
        replace_in(root / "mkdocs.yml", "site_url: https://catalog.example.gov/\n", "")
    # Contributor text that reads like the shell's sentinels, and text that needs escaping.
    solution = root / "catalog" / "solutions" / "alder-finch-cloud-skills-training.yaml"
    text = solution.read_text(encoding="utf-8")
    name = next(line for line in text.splitlines() if line.startswith("name: "))
    replace_in(solution, name, f"name: Skills & {shell.TITLE} {shell.HEADING} {shell.ANCHOR}")
    filled, themed = _both_ways(root, tmp_path, jobs)
    assert filled.keys() == themed.keys()
    pages = [path for path in themed if path.endswith("/index.html")]
    entry_pages = [p for p in pages if p.split("/")[0] in {"solutions", "vendors", "contracts", "scenarios"}]
    assert len(entry_pages) > 80
    for path in sorted(themed):
        assert filled[path] == themed[path], path
    page = filled["solutions/alder-finch-cloud-skills-training/index.html"].decode("utf-8")
    assert f"<title>Skills &amp; {shell.TITLE} {shell.HEADING} {shell.ANCHOR} - " in page
    assert ('<link rel="canonical" href="https://catalog.example.gov/solutions/' in page) == address
    for folder in ("solutions", "vendors", "contracts", "scenarios"):
        listed = filled["sitemap.xml"].decode("utf-8").count(f"https://catalog.example.gov/{folder}/")
        assert listed == (sum(1 for p in pages if p.startswith(f"{folder}/")) if address else 0), folder
    for built in filled.values():
        assert b"catalog-shell-body" not in built
        assert b"catalog-shell-address" not in built
    # Entry bodies are not parsed by the build's guard: the whole output is, here.
    assert guard_problems(tmp_path / "shell") == {}


def test_a_page_the_shell_cannot_hold_fails_with_its_reason() -> None:
    page = f'<html><body><nav><ul><li><a href="#{shell.ANCHOR}">{shell.HEADING}</a></li></ul></nav>{shell.BODY}</body></html>'
    captured = shell.Shell.capture(page, None)
    body = '<h1 id="title">T</h1><h2 id="a">A</h2>'
    assert captured.fill("T", None, body, [(1, "title", "T"), (2, "a", "A")]).count('href="#a"') == 1
    with pytest.raises(shell.ShellError, match='start with <h1 id="title">'):
        captured.fill("T", None, body, [(2, "a", "A")])
    with pytest.raises(shell.ShellError, match="at least one h2"):
        captured.fill("T", None, body, [(1, "title", "T")])
    with pytest.raises(shell.ShellError, match="no single body"):
        shell.Shell.capture("<html><body>nothing here</body></html>", None)
    with pytest.raises(shell.ShellError, match="no single table-of-contents item"):
        shell.Shell.capture(page.replace("</nav>", f'</nav><a href="#{shell.ANCHOR}">again</a>'), None)
    # The entry pages' lighter frame has no table of contents: the body alone is filled in.
    bare = shell.Shell.capture(f"<html><body><nav>Sections</nav>{shell.BODY}</body></html>", None)
    assert bare.fill("T", None, body, [(1, "title", "T"), (2, "a", "A")]) == (
        f"<html><body><nav>Sections</nav>{body}</body></html>"
    )
    spec = PageSpec("solutions/x/index.md", "X", "solution.html.j2", entry="solutions/x")
    with pytest.raises(shell.ShellError, match="did not render /solutions/"):
        shell.FolderShells([spec]).fill(spec, body, [(1, "title", "T"), (2, "a", "A")])
