"""The page-level guard: a Content-Security-Policy on every page, and a check of the output itself.

Static hosting cannot send headers, so the policy is a `<meta http-equiv>` inserted first in
`<head>`. Scripts run only from the site's own files or when their exact text is one of the
theme's inline scripts (by sha256), never 'unsafe-inline'. Because a policy only limits damage in
browsers that enforce it, the build also refuses to publish any page with another inline script,
an event-handler attribute, a `javascript:` URL, inline styles, or a resource from another site.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable
from html import unescape

_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
# A start tag, quoted attribute values included (a quoted value may hold ">").
_START_TAG = re.compile(
    r"""<([a-zA-Z][a-zA-Z0-9:-]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+))?)*)\s*/?>"""
)
_ATTRIBUTE = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+))?""")
_TYPE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)
_SRC = re.compile(r"""\bsrc\s*=""", re.IGNORECASE)
_DATA_TYPES = {"application/json", "application/ld+json", "importmap-data"}
_LOADS = {
    ("script", "src"),
    ("link", "href"),
    ("img", "src"),
    ("iframe", "src"),
    ("source", "src"),
    ("video", "src"),
    ("audio", "src"),
    ("embed", "src"),
    ("object", "data"),
    ("img", "srcset"),
}
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
# Where a problem could start; only the tags around such places are parsed (a themed page has
# hundreds of tags and almost none needs a look). Separate simple patterns: one alternation
# would scan ten times slower.
_SUSPECTS = tuple(
    re.compile(pattern)
    for pattern in (
        r"on[a-z-]*\s*=",
        r"style\s*=",
        r"script\s*:",
        r"data\s*:",
        r"&#",
        r"&colon;",
        r"<(?:script|link|img|iframe|source|video|audio|embed|object)\b",
    )
)
_FOREIGN = re.compile(r"^\s*(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//)")
_JS_URL = re.compile(r"^\s*(?:javascript|vbscript|data\s*:\s*text/html)", re.IGNORECASE)

# Verdicts by a start tag's exact text: the theme's header, nav and footer repeat the same tags
# on every page, and checking them again was a third of the guard's time.
_VERDICTS: dict[str, tuple[str, ...]] = {}
_VERDICTS_MAX = 100_000

META = '<meta http-equiv="Content-Security-Policy"'
POLICY = (
    "default-src 'self'; script-src {scripts}; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; worker-src 'self'; object-src 'none'; frame-src 'none'; "
    "base-uri 'self'; form-action 'self'"
)


def script_hash(body: str) -> str:
    digest = hashlib.sha256(body.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def inline_scripts(html: str) -> list[str]:
    """The text of every inline script a browser would execute (data blocks excluded)."""
    found = []
    for attributes, body in _SCRIPT.findall(html):
        if _SRC.search(attributes):
            continue
        kind = _TYPE.search(attributes)
        if kind and kind.group(1).lower() in _DATA_TYPES:
            continue
        found.append(body)
    return found


def _attribute_problems(html: str) -> Iterable[str]:
    lowered = html.lower()
    if len(lowered) != len(html):  # a few characters change length when lowered
        lowered = "".join(c.lower() if len(c.lower()) == 1 else "?" for c in html)
    hits = sorted({hit.start() for pattern in _SUSPECTS for hit in pattern.finditer(lowered)})
    seen: set[int] = set()
    for position in hits:
        start = html.rfind("<", 0, position + 1)
        if start < 0 or start in seen:
            continue
        tag_match = _START_TAG.match(html, start)
        if tag_match is None or tag_match.end() <= position:
            continue  # the hit is in text between tags
        seen.add(start)
        text = tag_match.group(0)
        found = _VERDICTS.get(text)
        if found is None:
            found = _tag_problems(tag_match.group(1).lower(), tag_match.group(2) or "")
            if len(_VERDICTS) >= _VERDICTS_MAX:
                _VERDICTS.clear()
            _VERDICTS[text] = found
        yield from found
    if re.search(r"<style\b", html, re.IGNORECASE):
        yield "an inline <style> element"


def _tag_problems(tag: str, attributes: str) -> tuple[str, ...]:
    """What is wrong with one start tag: a pure function of its text."""
    problems = []
    for attribute, raw in _ATTRIBUTE.findall(attributes):
        name = attribute.lower()
        value = unescape(raw.strip("\"'"))  # the browser decodes entities in attribute values
        if name.startswith("on"):
            problems.append(f"<{tag}> has an event-handler attribute {name}=")
        elif name == "style":
            problems.append(f"<{tag}> has an inline style attribute")
        elif name in {"href", "src", "action", "formaction", "data", "srcset"} and _JS_URL.match(value):
            problems.append(f"<{tag}> has a script URL in {name}=")
        elif (tag, name) in _LOADS and _FOREIGN.match(value) and _loads(tag, attributes):
            problems.append(f"<{tag}> loads {value[:80]} from another site")
    return tuple(problems)


def _loads(tag: str, attributes: str) -> bool:
    """Whether the browser fetches the tag's URL by itself (a canonical link does not)."""
    if tag != "link":
        return True
    rel = re.search(r"""\brel\s*=\s*["']?([^"'>]+)""", attributes, re.IGNORECASE)
    return bool(rel and set(rel.group(1).lower().split()) & _FETCHING_RELS)


def check_page(html: str, allowed: set[str]) -> tuple[list[str], list[str]]:
    """(problems, hashes of the page's inline scripts) for a finished page."""
    problems = []
    hashes = []
    for body in inline_scripts(html):
        digest = script_hash(body)
        if digest not in allowed:
            problems.append(f"an inline <script> that is not one of the theme's ({body.strip()[:60]!r})")
        hashes.append(digest)
    problems += _attribute_problems(html)
    return problems, sorted(set(hashes))


def policy(hashes: Iterable[str], *, preview: bool = False) -> str:
    """The policy text. A local preview (`mkdocs serve`) injects its reload script into every
    page at serve time, so only there inline scripts are allowed; never in a build."""
    scripts = "'self' 'unsafe-inline'" if preview else " ".join(["'self'", *sorted(set(hashes))])
    return POLICY.format(scripts=scripts)


def add_policy(html: str, text: str) -> str:
    """Insert the policy as the first element of <head>, before anything it must govern."""
    meta = f'{META} content="{text}">'
    head = re.search(r"<head(\s[^>]*)?>", html, re.IGNORECASE)
    if head is None:
        return html
    return html[: head.end()] + "\n    " + meta + html[head.end() :]
