"""No hidden characters: control, format, private-use, tag, filler or separator characters.

Such characters change how text reads without showing themselves: two names that look equal are
not, a bidirectional override makes a reviewer read something other than what is published, and
tag characters or a run of variation selectors carry a message no browser shows but every export
keeps.  Refused anywhere in a file (comments too) and named by code point, Unicode name and
column, e.g. `U+E0041 TAG LATIN CAPITAL LETTER A at column 17`: control (Cc) and format (Cf)
characters (zero-width, bidi, soft hyphen), private use (Co), U+2028 and U+2029, tag characters,
noncharacters, the combining grapheme joiner, Hangul fillers, the blank braille pattern, and
variation selectors except one U+FE0E/U+FE0F right after a symbol (❤️) or in a keycap (1️⃣).
Raised while the file is read.

FAIL:
    name: "Acme CRM"   # with a zero-width space (U+200B) after "Acme"

PASS:
    name: "Acme CRM"

Fix: Delete the character: retype the text around it instead of pasting it.
"""

from __future__ import annotations

from ..problems import Level

ID = "invisible-character"
LEVEL = Level.ERROR
FAMILY = "yaml"
