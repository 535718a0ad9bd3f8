"""Text is in composed Unicode form (NFC), so text that looks equal is equal.

"é" can be written as one character or as "e" plus a combining accent; the two look the same but
compare, sort and search differently.  Raised while each file's text is checked.

FAIL:
    name: "Café Systems"   # written as "e" followed by a combining accent (U+0301)

PASS:
    name: "Café Systems"   # written with the single character "é" (U+00E9)

Fix: Retype the accented letters so each is a single character.
"""

from __future__ import annotations

from ..problems import Level

ID = "unicode-normalization"
LEVEL = Level.ERROR
FAMILY = "content"
