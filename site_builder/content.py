"""Checks on the text contributors write, before anything is rendered.

The site escapes every string and sanitizes Markdown, but a sanitizer that quietly drops a
contributor's `<b>` or `javascript:` link would publish something other than what was reviewed.
So validation rejects such text first, naming the line: what passes is shown exactly as written.
Markdown fields are parsed with markdown-it (the parser the site renders with), so every link and
image is judged as the renderer will see it, however its address is spelled or escaped.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

from . import confusables
from .advice import nested_key
from .confusables import Issue
from .problems import Change, Fix, FixKind
from .yamlsafe import MAX_PROBLEMS, escape_pointer

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

PLACEHOLDER = "FILL IN"
NAME_FIELDS = frozenset({"id", "name", "legal_name", "title"})  # what identifies an entry to readers
MAX_KEY_LENGTH = 64
MAX_TEXT_LENGTH = 20_000  # the longest field a schema allows is 8,000 characters

_HTML = re.compile(r"<[A-Za-z/!?]")
_ANGLE_ADDRESS = re.compile(r"<(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*|[^\s<>@]+@[^\s<>@]+)>")
_TEMPLATE = re.compile(r"\{\{|\{%|\{#|--8<--|;;;\s*$", re.MULTILINE)
_ATTR_LIST = re.compile(r"\{\s*[:.]")
_ENTITY = re.compile(r"&(?:#[0-9]{1,8}|#[xX][0-9a-fA-F]{1,8}|[A-Za-z][A-Za-z0-9]{1,31});")
_BARE_SCHEME = re.compile(
    r"\b(?:(?:https?|ftp)://|(?:javascript|vbscript|data|file|blob):(?=\S))", re.IGNORECASE
)
# Same shape as common.schema.json's https_url: an ASCII host name, no user name, no spaces.
_SAFE_URL = re.compile(r"https://[A-Za-z0-9.-]+(:[0-9]+)?(/[^\s<>\"'`\\]*)?")
# A link that needs no parser to judge: plain text and a plain https address, nothing escaped,
# nested or emphasised, not an image.
_SIMPLE_LINK = re.compile(
    r"(?<![!\\\]])\[([^\[\]\\`<>&*_\n]*)\]\((https://[A-Za-z0-9.-]+(?::[0-9]+)?(?:/[^\s<>\"'`\\()]*)?)\)"
)
_LINK_SYNTAX = re.compile(r"\]\(\s*<?([^)>]*)")
_LOOKS_LIKE_ADDRESS = re.compile(r"(?:[a-z][a-z0-9+.-]*://)?((?:[a-z0-9-]+\.)+[a-z]{2,})(?:[/:?#]\S*)?")


@cache
def markdown_parser() -> MarkdownIt:
    """The parser, made when a text first needs it: most entries need none, and importing it is
    a sixth of a one-file check's start."""
    from markdown_it import MarkdownIt

    class Inspector(MarkdownIt):
        """A parser that keeps every link as written, so unsafe ones are seen rather than dropped."""

        def validateLink(self, url: str) -> bool:
            return True

        def normalizeLink(self, url: str) -> str:
            return url

        def normalizeLinkText(self, link: str) -> str:
            return link

    return Inspector("commonmark", {"html": True})


@dataclass(frozen=True)
class TextFinding:
    pointer: str
    rule: str
    message: str
    hint: str
    fix: Fix | None = None


def iter_strings(value: Any, pointer: str = "", key: str = "") -> list[tuple[str, str, str]]:
    """`(pointer, field name, text)` for every string in a loaded document, keys included, in
    document order.  A loop rather than recursive generators: this runs for every string of
    every entry, and nested generators made it the slowest part of a check."""
    found: list[tuple[str, str, str]] = []
    stack: list[tuple[Any, str, str]] = [(value, pointer, key)]
    while stack:
        value, pointer, key = stack.pop()
        if isinstance(value, str):
            found.append((pointer, key, value))
        elif isinstance(value, dict):
            children = []
            for child_key, child in value.items():
                name = str(child_key)
                child_pointer = f"{pointer}/{escape_pointer(name) if '~' in name or '/' in name else name}"
                children.append((name, child_pointer, "(key)"))
                children.append((child, child_pointer, name))
            stack.extend(reversed(children))
        elif isinstance(value, list):
            stack.extend(reversed([(child, f"{pointer}/{index}", key) for index, child in enumerate(value)]))
    return found


def check_text(data: Any, markdown_fields: frozenset[str]) -> list[TextFinding]:
    """Every unsafe, disguised, multi-line or placeholder string in `data`."""
    if _certainly_clean(data, markdown_fields):
        return []
    return _findings(data, markdown_fields)


# What a field is to the checks: plain or Markdown text, and whether it names the entry.
_PLAIN, _PLAIN_NAME, _RICH, _RICH_NAME = 0, 1, 2, 3


def _gather(value: Any, kind: int, classes: dict[str, int], found: list[list[str]], keys: list[str]) -> bool:
    """Sort every string in `value` into `found` by the class of its field (a list's strings
    take the class of the list's field) and every mapping key into `keys`.  False when `value`
    holds something the loader never makes (a key that is not text, a subclass of dict, list or
    str), which only the thorough pass handles."""
    if type(value) is dict:
        for key, child in value.items():
            if type(key) is not str:
                return False
            keys.append(key)
            if type(child) is str:
                found[classes.get(key, _PLAIN)].append(child)
            elif not _gather(child, classes.get(key, _PLAIN), classes, found, keys):
                return False
    elif type(value) is list:
        strings = found[kind]
        for item in value:
            if type(item) is str:
                strings.append(item)
            elif not _gather(item, kind, classes, found, keys):
                return False
    elif type(value) is str:
        found[kind].append(value)
    elif isinstance(value, dict | list | str):
        return False
    return True


def _certainly_clean(data: Any, markdown_fields: frozenset[str]) -> bool:
    """True only when the thorough pass (`_findings`) would find nothing in `data`.

    Most files have nothing to report, and the thorough pass builds a pointer and runs a regex
    per string.  Here each test runs once over all strings of a class joined together ("does any
    string hold a line break?"); a string that a test cannot clear sends the whole file to the
    thorough pass, which alone words and places what is reported.  The separator can only add
    a false alarm, never hide a match inside a string.
    """
    classes = _classes(markdown_fields)
    found: list[list[str]] = [[], [], [], []]
    keys: list[str] = []
    if not _gather(data, _PLAIN, classes, found, keys):
        return False
    plain = [*keys, *found[_PLAIN], *found[_PLAIN_NAME]]  # a key is checked as plain text
    rich = [*found[_RICH], *found[_RICH_NAME]]
    if keys and max(map(len, keys)) > MAX_KEY_LENGTH:
        return False
    if max(map(len, plain), default=0) > MAX_TEXT_LENGTH or max(map(len, rich), default=0) > MAX_TEXT_LENGTH:
        return False
    plain_text = "\0".join(plain)
    rich_text = "\0".join(rich)
    if PLACEHOLDER in plain_text or PLACEHOLDER in rich_text:
        return False
    if "\n" in plain_text or "\r" in plain_text or "\t" in plain_text:
        return False
    if _suspect(plain_text, False) and any(
        next(_unsafe(text, False), None) for text in plain if _suspect(text, False)
    ):
        return False
    if any(next(_unsafe(text, True), None) for text in rich if _suspect(text, True)):
        return False
    if plain_text.isascii() and rich_text.isascii():
        return True
    named = [(keys, False), *((found[kind], kind in (_PLAIN_NAME, _RICH_NAME)) for kind in range(4))]
    return not any(
        next(confusables.check_unicode(text, is_name), None)
        for strings, is_name in named
        if not "\0".join(strings).isascii()
        for text in strings
        if not text.isascii()
    )


@lru_cache(maxsize=8)
def _classes(markdown_fields: frozenset[str]) -> dict[str, int]:
    """Field name → class, for every field that is not plain, unnamed text."""
    return {
        name: (_RICH if name in markdown_fields else _PLAIN) + (1 if name in NAME_FIELDS else 0)
        for name in markdown_fields | NAME_FIELDS
    }


def _findings(data: Any, markdown_fields: frozenset[str]) -> list[TextFinding]:
    """The thorough pass: every string with its pointer, in document order."""
    findings: list[TextFinding] = []
    for pointer, key, text in iter_strings(data):
        if len(findings) >= MAX_PROBLEMS:  # enough to act on; the rest is reported once these are fixed
            break
        if key == "(key)" and len(text) > MAX_KEY_LENGTH:
            advice = nested_key(pointer, text, _value_at(data, pointer))
            message = f"a field name is {len(text):,} characters long"
            if advice is None:
                findings.append(TextFinding(pointer, "schema", message, "remove it"))
            else:
                findings.append(TextFinding(pointer, "schema", message, advice.text, advice.fix))
            continue
        if len(text) > MAX_TEXT_LENGTH:  # bounds the work below; the schemas allow far less anyway
            findings.append(
                TextFinding(
                    pointer,
                    "schema",
                    f"{_field(pointer)} is {len(text):,} characters long; no field takes that much",
                    "shorten it; link to a longer document instead",
                )
            )
            continue
        rich = key in markdown_fields
        issues: list[Issue] = []
        if text.startswith(PLACEHOLDER):
            hint = "replace it with the real value: " + text[len(PLACEHOLDER) :].lstrip(": ")
            issues.append(("placeholder", "is still a placeholder", hint))
        else:
            if not rich and ("\n" in text or "\r" in text):
                issues.append(("single-line", "spans several lines", "put the value on one line"))
            elif not rich and "\t" in text:
                issues.append(
                    (
                        "single-line",
                        f"contains a tab (U+0009) at character {text.index(chr(9)) + 1}",
                        "replace it with a space: a tab splits the value into two columns in a spreadsheet",
                    )
                )
            if _suspect(text, rich):  # most text has nothing to check
                issues.extend(_unsafe(text, rich))
            if not text.isascii():
                issues.extend(confusables.check_unicode(text, key in NAME_FIELDS))
        if issues:
            where = _field(pointer)
            findings.extend(
                TextFinding(pointer, rule, f"{where} {what}", hint, _repair(rule, what, text, pointer, key))
                for rule, what, hint in issues
            )
    return findings


def _suspect(text: str, rich: bool) -> bool:
    """Whether `text` holds a character that `_unsafe` needs to find anything (tests for single
    characters: a character class in a pattern is tried at every position, much slower)."""
    return (
        "<" in text or "{" in text or ";;;" in text or (rich and ("&" in text or "[" in text or ":" in text))
    )


def _value_at(data: Any, pointer: str) -> Any:
    for raw in pointer.split("/")[1:]:
        token = raw.replace("~1", "/").replace("~0", "~")
        data = data[int(token)] if isinstance(data, list) else data[token]
    return data


def _repair(rule: str, what: str, text: str, pointer: str, key: str) -> Fix | None:
    """The text as it should be, when the finding says exactly how: on one line, in composed
    form, in plain letters; a look-alike word's Latin spelling is a suggestion."""
    kind = FixKind.CORRECTION
    if rule == "single-line":
        repaired = " ".join(part.strip() for part in text.replace("\t", " ").splitlines() if part.strip())
    elif rule == "unicode-normalization":
        repaired = unicodedata.normalize("NFC", text)
    elif rule == "confusable-text" and what.startswith("uses styled"):
        repaired = unicodedata.normalize("NFKC", text)
    elif rule == "confusable-text" and what.startswith(("has the word", "reads as")):
        repaired = confusables.unmixed(text) or confusables.reads_as_latin(text) or text
        kind = FixKind.SUGGESTION
    else:
        return None
    if repaired == text or not repaired:
        return None
    return Fix((Change("rename" if key == "(key)" else "set", pointer, repaired),), kind)


def _unsafe(text: str, rich: bool) -> Iterator[Issue]:
    """HTML, template, include and attribute syntax anywhere; unsafe links in Markdown."""
    # Each pattern needs a character most text lacks: testing for it first skips the regex.
    safe_hint = "remove it; text is shown as written and never evaluated"
    brace = "{" in text
    template = _TEMPLATE.search(text) if brace or ";;;" in text or "--8<--" in text else None
    if template:
        yield (
            "unsafe-text",
            f"contains template or include syntax ({template.group().strip()}){_at(text, template.start())}",
            safe_hint,
        )
    if brace and _ATTR_LIST.search(text):
        yield "unsafe-text", "contains an attribute list ({: …})", "remove it; styling is not available"
    angle = "<" in text
    addresses = list(_ANGLE_ADDRESS.finditer(text)) if angle else []
    if angle and _HTML.search(_ANGLE_ADDRESS.sub("", text)):
        tag = _HTML.search(text)
        yield (
            "unsafe-text",
            f"contains HTML markup{_at(text, tag.start() if tag else 0)}",
            "remove the tags; write plain text (Markdown emphasis and lists are fine)"
            if rich
            else "remove the angle brackets; write plain text",
        )
    if addresses:
        yield (
            "unsafe-text",
            f'puts an address in angle brackets ("{_clip(addresses[0].group())}"){_at(text, addresses[0].start())}',
            "write a Markdown link, [text](https://…)" if rich else "write the address without < >",
        )
    if not rich:
        return
    references = list(dict.fromkeys(m.group() for m in _ENTITY.finditer(text))) if "&" in text else []
    if references:  # Markdown would show the character, not what was written (&#x202E; reorders text)
        first = _ENTITY.search(text)
        yield (
            "unsafe-text",
            f"contains character references ({', '.join(references[:3])}){_at(text, first.start() if first else 0)}",
            "type the characters themselves; text is shown as written",
        )
    yield from _markdown(text)


def _markdown(text: str) -> Iterator[Issue]:
    # Addresses outside links, judged on the raw text (code included) so every path agrees;
    # link targets are blanked out here, they are judged as links below.
    blanked = _LINK_SYNTAX.sub(lambda m: " " * len(m.group()), text) if "](" in text else text
    yield from _bare_schemes(blanked, text)
    # Every inline link or image has "](" and every reference definition "]:"; autolinks and
    # HTML were judged before.  The parser runs only when some link is not plainly safe: most
    # descriptions need none, which keeps 20,000-entry checks fast.
    if "]:" not in text:
        if "](" not in text:
            return  # no link at all
        simple = list(_SIMPLE_LINK.finditer(text))
        if len(simple) == text.count("]("):
            for match in simple:
                yield from _deceptive(match.group(1), match.group(2), text, _at_line(text, match.start()))
            return
    env: dict[str, Any] = {}
    tokens = markdown_parser().parse(text, env)
    reported: set[str] = set()
    for label, reference in (env.get("references") or {}).items():
        line = reference.get("map", [0])[0] + 1
        yield (
            "unsafe-text",
            f'defines a reference-style link "[{_clip(label.lower())}]:"{_line(text, line)}',
            "write the link in place, as [text](https://…)",
        )
    for block in tokens:
        line = (block.map[0] + 1) if block.map else 1
        if block.children is None:
            continue
        link_href: str | None = None
        link_text = ""
        for child in block.children:
            if child.type in {"softbreak", "hardbreak"}:
                line += 1
            elif child.type == "image":
                yield (
                    "unsafe-text",
                    f"contains an image{_line(text, line)}",
                    "link to the image with an https link instead",
                )
            elif child.type == "link_open":
                link_href, link_text = str(child.attrs.get("href", "")), ""
                reported.add(link_href)
                yield from _link(child, link_href, text, line)
            elif child.type == "link_close" and link_href is not None:
                yield from _deceptive(link_text, link_href, text, line)
                link_href = None
            elif child.type in {"text", "code_inline"} and link_href is not None:
                link_text += child.content  # everything the reader sees, code spans included
    for match in _LINK_SYNTAX.finditer(text):  # link-like text markdown-it did not take as a link
        target = match.group(1).strip()
        squeezed = _squeeze(target)
        if (
            target
            and not _SAFE_URL.fullmatch(target)
            and not any(
                seen.startswith(squeezed) or squeezed.startswith(seen) for seen in map(_squeeze, reported)
            )
        ):
            yield "unsafe-text", f'links to "{_clip(target)}"{_at(text, match.start())}', _link_hint(target)


def _link(token: Token, href: str, text: str, line: int) -> Iterator[Issue]:
    if token.markup == "autolink":
        return  # reported with the angle brackets
    if not _SAFE_URL.fullmatch(href):
        yield "unsafe-text", f'links to "{_clip(href)}"{_line(text, line)}', _link_hint(href)
    if token.attrs.get("title"):  # the page shows no link titles: it would vanish unseen
        yield (
            "unsafe-text",
            f'gives a link the title "{_clip(str(token.attrs["title"]))}"{_line(text, line)}',
            "remove the quoted title after the address; put the words in the text instead",
        )


def _squeeze(target: str) -> str:
    """An address as a browser reads it: references decoded, blanks and controls dropped."""
    return re.sub(r"[\s\x00-\x1f]+", "", html.unescape(target)).lower()


def _link_hint(target: str) -> str:
    squeezed = _squeeze(target)
    if squeezed.startswith(("javascript:", "vbscript:", "data:", "file:", "blob:")):
        return "remove the link: only https:// addresses are allowed"
    if squeezed.startswith("//"):
        return "write the full address, starting with https://"
    if squeezed.startswith("https://") and "@" in squeezed[8:].split("/", 1)[0]:
        return "remove the user name before @; it disguises where the link goes"
    if squeezed.startswith("https://"):
        return "use a plain https:// address: ASCII host name, no spaces, quotes or angle brackets"
    return "links must be full https:// addresses"


def _deceptive(shown: str, href: str, text: str, line: int) -> Iterator[Issue]:
    """A link whose visible text is, or holds, an address must go where that address says."""
    target = re.match(r"https://([^/:?#]+)", href)
    if not target:
        return
    destination = _host(target.group(1))
    for host in _shown_hosts(shown):
        if host != destination:
            yield (
                "unsafe-text",
                f'shows the address "{_clip(shown.strip())}" but links to "{_clip(href)}"{_line(text, line)}',
                "make the link text describe the destination, or use the real address",
            )
            return


# Dots a reader takes for a full stop in an address: ideographic, fullwidth and halfwidth ones,
# the one-dot leader, and the bracketed forms people write to defuse a link ("irs[.]gov").
_DOT_FORMS = re.compile(r"\s*(?:[.\u3002\uff0e\uff61\u2024\ufe52]|\[\.\]|\(\.\)|\[dot\]|\(dot\))\s*")
_ADDRESS_TOKEN = re.compile(r"(?:[a-z][a-z0-9+.-]*://|www\.|[^\s@/]+@)\S+")


def _host(host: str) -> str:
    return host.lower().rstrip(".").removeprefix("www.")


def _shown_hosts(shown: str) -> Iterator[str]:
    """The hosts a link's visible text names: the whole text when it reads as an address
    (`irs.gov.`, `irs .gov`, `security@irs.gov`, `www.irs.gov/pay` in a code span), and every
    word in it that starts with a scheme, `www.` or a mailbox."""
    plain = _DOT_FORMS.sub(".", unicodedata.normalize("NFKC", shown)).strip().lower()
    candidates = [plain.rstrip("."), *(m.group().rstrip(".,;:!?)") for m in _ADDRESS_TOKEN.finditer(plain))]
    for candidate in candidates:
        address = candidate.removeprefix("mailto:")
        if "@" in address.split("/", 1)[0]:
            address = address.split("/", 1)[0].rsplit("@", 1)[1]  # an e-mail address: its domain
        match = _LOOKS_LIKE_ADDRESS.fullmatch(address)
        if match:
            yield _host(match.group(1))


_SCHEME_ENDS = ("javascript", "vbscript", "data", "file", "blob")


def _may_name_scheme(content: str) -> bool:
    """Whether `_BARE_SCHEME` can match: a colon followed by "//" or preceded by a scheme it
    names.  A scan from colon to colon, much cheaper than the case-insensitive pattern, which
    is tried at every position.  Non-ASCII letters before a colon always pass, since
    case-insensitive matching lets some of them stand for ASCII ones (ſ for s, K for k)."""
    at = content.find(":")
    while at != -1:
        before = content[max(0, at - 10) : at]
        if content.startswith("//", at + 1) or not before.isascii() or before.lower().endswith(_SCHEME_ENDS):
            return True
        at = content.find(":", at + 1)
    return False


def _bare_schemes(content: str, text: str) -> Iterator[Issue]:
    if not _may_name_scheme(content):
        return
    for match in _BARE_SCHEME.finditer(content):
        if not match.group().lower().startswith("https:"):
            yield (
                "unsafe-text",
                f'contains a "{match.group()}" address{_at(text, match.start())}',
                "links must be full https:// addresses",
            )


def _at(text: str, offset: int) -> str:
    return _line(text, _at_line(text, offset))


def _at_line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _line(text: str, line: int) -> str:
    """Where in a multi-line text a finding is; the file line is that of the field."""
    return f" (line {line} of the text)" if "\n" in text.rstrip("\n") else ""


def _clip(text: str, size: int = 60) -> str:
    text = text.replace("\n", "\\n").replace("\t", "\\t")
    return text if len(text) <= size else text[: size - 1] + "…"


def _field(pointer: str) -> str:
    parts = [_clip(p, 40) for p in pointer.split("/") if p]
    text = ""
    for part in parts:
        text += f"[{part}]" if part.isdigit() else (f".{part}" if text else part)
    return f'"{text}"' if text else "the text"
