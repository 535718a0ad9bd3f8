"""No control, zero-width or bidirectional-override characters.

Such characters change how text reads without showing themselves: two names that look equal are
not, and a bidirectional override can make a reviewer read something other than what is
published.  Raised while the file is read.

FAIL:
    name: "Acme CRM"   # with a zero-width space (U+200B) after "Acme"

PASS:
    name: "Acme CRM"

Fix: Retype the text without copying hidden characters.
"""

from __future__ import annotations

from ..problems import Level

ID = "invisible-character"
LEVEL = Level.ERROR
FAMILY = "yaml"
