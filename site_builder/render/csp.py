"""The page-level guard: a Content-Security-Policy on every page, and a check of the output itself.

Static hosting cannot send headers, so the policy is a `<meta http-equiv>` inserted first in
`<head>`. Scripts run only from the site's own files (the site's pages have no inline script;
one of the theme's would be allowed by its sha256), never 'unsafe-inline'. Because a policy only limits damage in
browsers that enforce it, the build also refuses to publish any page with another inline script,
an event-handler attribute, a script URL, inline styles, an inline document (`srcdoc`), or a
resource from another site.

The page is read by Lexbor (through selectolax), an HTML parser that follows the WHATWG parsing
rules browsers follow, so `<img src="x"/onerror=…>`, unquoted or upper-case attributes and
character references are seen exactly as a browser sees them.  Every attribute that loads or
navigates is then read as a browser reads a URL: leading and trailing blanks and controls
dropped, tabs and line breaks removed anywhere (`java&#x09;script:` is `javascript:`),
backslashes taken as slashes (`\\\\evil.example` is `//evil.example`).
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader
from selectolax.lexbor import LexborHTMLParser

from ..report import escape_terminal

_DATA_TYPES = {"application/json", "application/ld+json", "importmap-data"}
# Attributes whose URL the browser fetches by itself when the element is there.
_LOADING = {
    "src", "srcset", "imagesrcset", "poster", "background", "data", "lowsrc", "dynsrc", "manifest",
    "codebase", "archive", "icon", "ping",
}  # fmt: skip
# Attributes whose URL is followed when the reader acts (or the page is submitted).
_NAVIGATING = {"href", "xlink:href", "action", "formaction", "cite", "longdesc", "to", "from", "values"}
# SVG elements whose href loads a resource rather than linking to it.
_SVG_LOADERS = {"image", "use", "feimage", "script"}
_FETCHING_RELS = {
    "stylesheet",
    "preconnect",
    "preload",
    "prefetch",
    "dns-prefetch",
    "icon",
    "modulepreload",
    "manifest",
}
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_BLANKS = re.compile(r"[\t\n\r]")
_EDGES = "".join(chr(code) for code in range(0x21))  # C0 controls and space
# Inline images a CSP allows (img-src data:); in these elements an image cannot run script.
_SAFE_DATA = re.compile(r"^data:image/(?:png|gif|jpeg|webp|avif|svg\+xml)[;,]", re.IGNORECASE)
_IMAGE_TAGS = {"img", "source", "video", "input"}
_VERDICTS: dict[tuple[object, ...], tuple[str, ...]] = {}
_VERDICTS_MAX = 100_000
# Attributes that neither run, style, load nor navigate, whatever their value: most of a page's.
_INERT = frozenset(
    {
        "class", "id", "title", "lang", "dir", "role", "tabindex", "hidden", "for", "name", "type",
        "value", "alt", "width", "height", "colspan", "rowspan", "scope", "headers", "checked",
        "disabled", "selected", "readonly", "required", "placeholder", "autocomplete", "charset",
        "viewbox", "viewBox", "xmlns", "defer", "d", "fill", "focusable", "translate", "datetime", "open", "label",
        "aria-label", "aria-hidden", "aria-live", "aria-current", "aria-describedby",
        "aria-labelledby", "aria-expanded", "aria-controls", "aria-atomic", "aria-sort",
        "data-md-component", "data-md-state", "data-md-type", "data-md-level", "data-md-scrollfix",
        "data-md-color-scheme", "data-md-color-primary", "data-md-color-accent", "data-md-toggle",
        "data-md-skip",
    }
)  # fmt: skip

META = '<meta http-equiv="Content-Security-Policy"'
# Only what differs from `default-src 'self'`: scripts, styles, fonts, fetches and workers fall
# back to it, so they are limited to the site's own files without saying so on every page.
# base-uri and form-action have no fallback and are stated; script-src only when a page needs
# more than its own files (a theme script allowed by hash, or the local preview's reload script).
POLICY = "default-src 'self';{scripts} img-src 'self' data:; object-src 'none'; frame-src 'none'; base-uri 'self'; form-action 'self'"


def script_hash(body: str) -> str:
    digest = hashlib.sha256(body.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def browser_url(value: str) -> str:
    """A URL attribute as a browser reads it (WHATWG URL parsing): blanks and controls at the ends
    dropped, tabs and line breaks removed, backslashes taken as slashes."""
    return _BLANKS.sub("", value.strip(_EDGES)).replace("\\", "/")


def _scan(html: str) -> tuple[list[str], list[str]]:
    """(problems, bodies of the inline scripts a browser would run) of one page or fragment."""
    problems: list[str] = []
    scripts: list[str] = []
    tree = LexborHTMLParser(html)
    if tree.root is None:
        return problems, scripts
    for node in tree.css("script"):
        kind = (node.attributes.get("type") or "").strip().lower()
        if "src" not in node.attributes and kind not in _DATA_TYPES:
            scripts.append(node.text(deep=True))
    if tree.css_first("style") is not None:
        problems.append("an inline <style> element")
    for node in tree.root.traverse(include_text=False):
        attributes = node.attributes
        if attributes and not attributes.keys() <= _INERT:
            # Verdicts by tag and attributes: the theme repeats the same elements on every page.
            tag = node.tag or ""
            key: tuple[object, ...] = (tag, *attributes.items())
            found = _VERDICTS.get(key)
            if found is None:
                found = tuple(_attribute_problems(tag.lower(), attributes))
                if len(_VERDICTS) >= _VERDICTS_MAX:
                    _VERDICTS.clear()
                _VERDICTS[key] = found
            problems.extend(found)
    return problems, scripts


def _attribute_problems(tag: str, attributes: Mapping[str, str | None]) -> Iterable[str]:
    for name, raw in attributes.items():
        value = raw or ""
        if name.startswith("on"):
            yield f"<{tag}> has an event-handler attribute {escape_terminal(name)}="
        elif name == "style":
            yield f"<{tag}> has an inline style attribute"
        elif name == "srcdoc":
            yield f"<{tag}> has an inline document (srcdoc=)"
        elif name in _LOADING or name in _NAVIGATING:
            yield from _url_problems(tag, name, value, attributes)
        elif (
            tag == "meta" and name == "content" and "refresh" in (attributes.get("http-equiv") or "").lower()
        ):
            target = value.split("=", 1)[1] if "=" in value else ""
            yield from _url_problems(tag, "http-equiv=refresh", target.strip("'\" "), {})
    if tag in {"animate", "set", "animatemotion", "animatetransform"}:
        target = (attributes.get("attributename") or attributes.get("attributeName") or "").lower()
        if target.endswith("href"):
            yield f"<{tag}> animates a link's address ({target}=)"


def _url_problems(tag: str, name: str, value: str, attributes: Mapping[str, str | None]) -> Iterable[str]:
    urls = [part.strip().split(" ")[0] for part in value.split(",")] if name.endswith("srcset") else [value]
    for url in map(browser_url, urls):
        scheme_match = _SCHEME.match(url)
        scheme = scheme_match.group(1).lower() if scheme_match else ""
        loads = (
            name in _LOADING or (tag in _SVG_LOADERS and name.endswith("href")) or _fetches(tag, attributes)
        )
        if scheme in {"javascript", "vbscript"} or (
            scheme == "data" and not (tag in _IMAGE_TAGS and name in _LOADING and _SAFE_DATA.match(url))
        ):
            yield f"<{tag}> has a script URL in {name}="
        elif scheme == "data":
            continue  # an inline image, allowed above
        elif (scheme or url.startswith("//")) and loads:
            yield f"<{tag}> loads {escape_terminal(url[:80])} from another site"
        elif tag == "base" and (scheme or url.startswith("//")):
            yield f"<{tag}> sends every relative link to {escape_terminal(url[:80])}"
        elif name in {"action", "formaction"} and (scheme or url.startswith("//")):
            yield f"<{tag}> sends a form to {escape_terminal(url[:80])}"
        elif name == "http-equiv=refresh" and (scheme or url.startswith("//")):
            yield f"<{tag}> redirects to {escape_terminal(url[:80])}"


def _fetches(tag: str, attributes: Mapping[str, str | None]) -> bool:
    """Whether a <link>'s href is fetched by the browser by itself (a canonical link is not)."""
    if tag != "link":
        return False
    rel = (attributes.get("rel") or "").lower().split()
    return bool(set(rel) & _FETCHING_RELS)


def inline_scripts(html: str) -> list[str]:
    """The text of every inline script a browser would execute (data blocks excluded)."""
    return _scan(html)[1]


def check_page(html: str, allowed: set[str]) -> tuple[list[str], list[str]]:
    """(problems, hashes of the page's inline scripts) for a finished page."""
    problems, scripts = _scan(html)
    hashes = []
    for body in scripts:
        digest = script_hash(body)
        if digest not in allowed:
            problems.append(f"an inline <script> that is not one of the theme's ({body.strip()[:60]!r})")
        hashes.append(digest)
    return problems, sorted(set(hashes))


def policy(hashes: Iterable[str], *, preview: bool = False) -> str:
    """The policy text. A local preview (`mkdocs serve`) injects its reload script into every
    page at serve time, so only there inline scripts are allowed; never in a build."""
    sources = ["'unsafe-inline'"] if preview else sorted(set(hashes))
    scripts = f" script-src 'self' {' '.join(sources)};" if sources else ""
    return POLICY.format(scripts=scripts)


def add_policy(html: str, text: str) -> str:
    """Insert the policy as the first element of <head>, before anything it must govern."""
    meta = f'{META} content="{text}">'
    head = re.search(r"<head(\s[^>]*)?>", html, re.IGNORECASE)
    if head is None:
        return html
    return html[: head.end()] + "\n    " + meta + html[head.end() :]


def templates_in(env: Any, folder: str) -> list[str]:
    """The names of `env`'s templates in `folder` and below, as `env.list_templates` gives them,
    without walking the whole theme (mkdocs-material's holds some 14,000 files, most of them
    icons): the theme's script partials are listed on every build."""
    loader = env.loader
    prefix = folder.strip("/") + "/"
    if not isinstance(loader, FileSystemLoader):
        return list(env.list_templates(filter_func=lambda name: name.startswith(prefix)))
    below = FileSystemLoader(
        [Path(path, *prefix.split("/")) for path in loader.searchpath], followlinks=loader.followlinks
    )
    return [prefix + name for name in below.list_templates()]
