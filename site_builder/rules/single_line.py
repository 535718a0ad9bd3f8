"""Fields other than descriptions and instructions hold a single line, without tabs.

Names, titles and other short fields are shown in lists, headings and tables, where a line break
would break the layout or hide text; in a spreadsheet a tab or a line break splits the value into
other cells, where text can become a formula.  Raised while each file's text is checked.

FAIL:
    name: |
      Acme
      CRM

PASS:
    name: Acme CRM

Fix: Put the value on one line, with spaces instead of tabs.
"""

from __future__ import annotations

from ..problems import Level

ID = "single-line"
LEVEL = Level.ERROR
FAMILY = "content"
