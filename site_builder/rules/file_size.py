"""A catalog file is at most 256 KiB.

An entry is a page of facts, not a document store; the limit keeps every check and every page
fast, and stops a pasted document from hiding in a pull request.  Raised before the file is parsed.

FAIL:
    a 2 MB description pasted in

PASS:
    description: A short summary, with a link to the full document.

Fix: Shorten the text; link longer documents instead.
"""

from __future__ import annotations

from ..problems import Level

ID = "file-size"
LEVEL = Level.ERROR
FAMILY = "file"
