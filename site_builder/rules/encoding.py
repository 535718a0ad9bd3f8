"""Files are UTF-8 text.

Text in another encoding would be read as the wrong letters and published that way.  Raised
before the file is parsed.

FAIL:
    a file saved as Windows-1252

PASS:
    a file saved as UTF-8 (without a byte-order mark)

Fix: Save the file as UTF-8.
"""

from __future__ import annotations

from ..problems import Level

ID = "encoding"
LEVEL = Level.ERROR
FAMILY = "file"
