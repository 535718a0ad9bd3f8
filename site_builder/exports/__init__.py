"""Open data from the same model the pages use: JSON API, CSV, OCDS, Atom feed, iCalendar, schemas.

Every export is built from `pipeline.check(root)` — the validated catalog, the policy and the
build info — so its counts cannot disagree with the site. Each format lives in its own module;
`site.write_site_exports` writes them all into a built site and `command.run_export` serves
`catalog export`.
"""

from __future__ import annotations

API_VERSION = "1"
API_DIR = "api/v1"  # site-relative folder of the JSON and CSV files
