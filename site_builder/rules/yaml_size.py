"""A file holds at most 1,000 items in one list, 200 keys in one mapping and 20,000 values in all.

No entry needs more (the schemas' own limits are far lower), and the limits are checked while the
file is read, before any schema or text check runs, so that every check after the loader does
bounded work: a list of one word and 45,000 numbers once held the schema check for over eight
minutes.  Raised while the file is parsed.

FAIL:
    ready_contracts: [word, 1, 2, 3, … 45,000 numbers]

PASS:
    ready_contracts: [harborline-it-umbrella]

Fix: Remove what does not belong in the entry; the schema's own limits are far lower.
"""

from __future__ import annotations

from ..problems import Level

ID = "yaml-size"
LEVEL = Level.ERROR
FAMILY = "yaml"
