"""Fields other than descriptions and instructions hold a single line.

Names, titles and other short fields are shown in lists, headings and tables, where a line break
would break the layout or hide text.  Raised while each file's text is checked.

FAIL:
    name: |
      Acme
      CRM

PASS:
    name: Acme CRM

Fix: Put the value on one line.
"""

from __future__ import annotations

from ..problems import Level

ID = "single-line"
LEVEL = Level.ERROR
FAMILY = "content"
