"""The build baseline: plain mkdocs-material building N simple pages, none in the nav, search on.

This is what mkdocs and the theme cost by themselves for as many pages as the catalog has
entries; `catalog build` is measured against it.  Pages are ~1 KB of Markdown each (a title and
a few sentences of real product text), and the nav lists only the home page, as the catalog's
own site keeps entries out of the global nav.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

from textpool import TextPool

MARKER = "baseline.txt"


def write_baseline(dest: Path, pages: int, tsv: Path | None) -> Path:
    """Write (or reuse) the baseline project for `pages` pages; return its mkdocs.yml."""
    config = dest / "mkdocs.yml"
    stamp = f"pages={pages}\n"
    if (dest / MARKER).is_file() and (dest / MARKER).read_text(encoding="utf-8") == stamp:
        return config
    shutil.rmtree(dest / "docs", ignore_errors=True)
    (dest / "docs" / "pages").mkdir(parents=True)
    rng = random.Random(f"baseline-{pages}")
    text = TextPool(tsv, rng)
    (dest / "docs" / "index.md").write_text(
        "# Baseline\n\nPlain mkdocs-material pages, outside the nav.\n", encoding="utf-8"
    )
    for number in range(pages):
        product = text.product(number)
        body = [f"# {product.name} {number}", ""]
        while sum(len(line) + 1 for line in body) < 1000:
            body += [text.sentence(), ""]
        path = dest / "docs" / "pages" / f"page-{number:05d}.md"
        path.write_text("\n".join(body), encoding="utf-8")
    config.write_text(
        "site_name: Baseline\n"
        "site_url: http://127.0.0.1/\n"
        "theme:\n  name: material\n"
        "plugins:\n  - search\n"
        "nav:\n  - Home: index.md\n",
        encoding="utf-8",
    )
    (dest / MARKER).write_text(stamp, encoding="utf-8")
    return config


def page_title(dest: Path, number: int) -> str:
    """The title of baseline page `number`, for searching it."""
    first = (dest / "docs" / "pages" / f"page-{number:05d}.md").read_text(encoding="utf-8").split("\n")[0]
    return first.removeprefix("# ")
