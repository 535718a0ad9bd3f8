"""Characters that hide, reorder or smuggle text: found anywhere in a file, and named exactly.

A reviewer reads a pull request in a browser or an editor; these characters show as nothing (or
as the same blank as a space) there, yet they reach the site, the exports and every copy of the
data.  So every one is refused, wherever it stands, and the message names it by its code point
and Unicode name (`U+E0041 TAG LATIN CAPITAL LETTER A`), because "a hidden character" cannot be
found in an editor, while a code point can.

The classes follow Unicode's own: control (Cc) and format (Cf) characters, private use (Co), line
and paragraph separators (Zl, Zp), the Default_Ignorable_Code_Point set (variation selectors,
fillers, the combining grapheme joiner, tag characters), noncharacters, and the blank braille
pattern (drawn as a space but not one).  One variation selector is allowed in a single place:
directly after a symbol, to choose its emoji or text form (❤️, 1️⃣).  Anywhere else a selector
carries no meaning a reader can see, and a run of them can encode hidden bytes.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

# Tab, line feed and carriage return are the only controls a YAML file needs.
_CONTROLS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
# Format characters (Cf, Unicode 15.1), incl. soft hyphen, zero-width and bidi controls.
_FORMAT = (
    "\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
)
_FORMAT_ASTRAL = (
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff"
)
_SEPARATORS = "\u2028\u2029"
_PRIVATE_USE = "\ue000-\uf8ff"
_PRIVATE_USE_ASTRAL = "\U000f0000-\U000ffffd\U00100000-\U0010fffd"
# Default-ignorable letters and marks that render as nothing, and look-alike blanks.
_FILLERS = "\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u2800\u3164\uffa0\ufff0-\ufff8"
_SELECTORS = "\ufe00-\ufe0f"
_SELECTORS_ASTRAL = "\U000e0100-\U000e01ef"
_NONCHARACTERS = "\ufdd0-\ufdef\ufffe\uffff"
_NONCHARACTERS_ASTRAL = "".join(
    f"{chr(plane << 16 | 0xFFFE)}{chr(plane << 16 | 0xFFFF)}" for plane in range(1, 17)
)

# Two classes, because a class of only Basic Multilingual Plane characters is a fast lookup
# table while one with astral ranges is tried range by range (fourteen times slower on a file);
# the astral one runs only on text that has astral characters at all.
_HIDDEN_BMP = re.compile(
    f"[{_CONTROLS}{_FORMAT}{_SEPARATORS}{_PRIVATE_USE}{_FILLERS}{_SELECTORS}{_NONCHARACTERS}]"
)
_HIDDEN_ASTRAL = re.compile(
    f"[{_FORMAT_ASTRAL}{_PRIVATE_USE_ASTRAL}{_SELECTORS_ASTRAL}{_NONCHARACTERS_ASTRAL}]"
)
HIDDEN = re.compile(f"{_HIDDEN_BMP.pattern}|{_HIDDEN_ASTRAL.pattern}")
_PRESENTATION = frozenset("\ufe0e\ufe0f")  # text and emoji presentation selectors
_KEYCAP = "\u20e3"

_WHY = (
    (re.compile(f"[{_CONTROLS}]"), "a control character"),
    (re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"), "which reorders the text around it"),
    (re.compile("[\U000e0000-\U000e007f]"), "an invisible tag character"),
    (re.compile(f"[{_SELECTORS}{_SELECTORS_ASTRAL}]"), "a variation selector that does not follow a symbol"),
    (
        re.compile(f"[{_PRIVATE_USE}{_PRIVATE_USE_ASTRAL}]"),
        "a private-use character, drawn differently on every device",
    ),
    (re.compile(f"[{_SEPARATORS}]"), "a line or paragraph separator"),
    (re.compile(f"[{_FILLERS}]"), "a blank filler that looks like a space or nothing"),
    (re.compile(f"[{_NONCHARACTERS}{_NONCHARACTERS_ASTRAL}]"), "a noncharacter"),
)


def allowed_selector(text: str, index: int) -> bool:
    """Whether the variation selector at `index` picks the emoji or text form of the symbol
    just before it (❤️), or of a keycap base followed by the keycap mark (1️⃣)."""
    if text[index] not in _PRESENTATION or index == 0:
        return False
    base = text[index - 1]
    if base in "#*0123456789":
        return text[index + 1 : index + 2] == _KEYCAP
    return unicodedata.category(base) == "So" and HIDDEN.match(base) is None


def has_astral(text: str) -> bool:
    """Whether `text` holds a character outside the Basic Multilingual Plane: UTF-16 writes those
    in four bytes and every other (a lone surrogate too) in two. Encoding is a quarter of the
    cost of a regex scan for them, and every file's text is asked."""
    return len(text.encode("utf-16-le", "surrogatepass")) != 2 * len(text)


def has_hidden(text: str) -> bool:
    """A quick test: whether `text` may hold a hidden character (selectors after symbols count)."""
    return bool(
        _HIDDEN_BMP.search(text) or (not text.isascii() and has_astral(text) and _HIDDEN_ASTRAL.search(text))
    )


def hidden_characters(text: str) -> Iterator[tuple[int, str]]:
    """(offset, character) of every hidden character in `text`, in order."""
    found = [(m.start(), m.group()) for m in _HIDDEN_BMP.finditer(text)]
    if not text.isascii() and has_astral(text):
        found = sorted(found + [(m.start(), m.group()) for m in _HIDDEN_ASTRAL.finditer(text)])
    for start, char in found:
        if not allowed_selector(text, start):
            yield start, char


def find_invisible(text: str) -> Iterator[tuple[int, int, str]]:
    """(line, column, character) of every hidden character, both 1-based."""
    for start, char in hidden_characters(text):
        line = text.count("\n", 0, start) + 1
        column = start - (text.rfind("\n", 0, start) + 1) + 1
        yield line, column, char


def name_character(char: str) -> str:
    """`U+202E RIGHT-TO-LEFT OVERRIDE`; controls and private-use characters have no name."""
    code = f"U+{ord(char):04X}"
    name = unicodedata.name(char, "")
    return f"{code} {name}" if name else code


def why_refused(char: str) -> str:
    return next(
        (reason for pattern, reason in _WHY if pattern.fullmatch(char)), "an invisible formatting character"
    )


def describe_character(char: str, column: int = 0) -> str:
    """What the character is, where, and why it is refused: `U+E0041 TAG LATIN CAPITAL LETTER A
    at column 17, an invisible tag character`."""
    where = f" at column {column}" if column else ""
    return f"{name_character(char)}{where}, {why_refused(char)}"
