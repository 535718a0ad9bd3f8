"""No look-alike letters: no word mixes Latin with Cyrillic, Greek or similar letters, no
letter carries a pile of accents, and names use plain letters of one script and direction.

"Аcme" with a Cyrillic "А" renders exactly like "Acme": a vendor could pose as another or hide a
word from search.  Raised while each file's text is checked.

FAIL:
    name: "Аcme Gov"   # the first letter is a Cyrillic А (U+0410)

PASS:
    name: "Acme Gov"

Fix: Retype the word on a keyboard set to one language.
"""

from __future__ import annotations

from ..problems import Level

ID = "confusable-text"
LEVEL = Level.ERROR
FAMILY = "content"
