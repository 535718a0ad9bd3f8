"""Text holds no HTML, template or include syntax, and links only to https.

Contributor text is published on a government site.  The site escapes and sanitizes it, but text
the sanitizer would have to change would publish something other than what was reviewed, so
such text is refused before anything is rendered.  Raised while each file's text is checked.

FAIL:
    description: 'Read <a href="javascript:alert(1)">this</a> {{ config }}'

PASS:
    description: 'Read [the service description](https://example.gov/acme-crm).'

Fix: Write plain text; use Markdown links to https:// addresses only.
"""

from __future__ import annotations

from ..problems import Level

ID = "unsafe-text"
LEVEL = Level.ERROR
FAMILY = "content"
