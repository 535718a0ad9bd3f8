"""Screenshots of the real demo build for docs/screenshots/: home, browse, a solution, compare and an
emergency scenario, at desktop (1280 px) and phone (390 px) widths, in headless Chromium.

    .venv/bin/python tests/browser/screenshots.py            # builds the demo, writes docs/screenshots/
    .venv/bin/python tests/browser/screenshots.py --site site  # uses an already built site
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path[:0] = [str(HERE.parent), str(REPO)]

from site_builder.build import build_site

from browser.harness import chromium, serve

WIDTHS = {"desktop": (1280, 1000), "phone": (390, 844)}


def shots(site: Path, out: Path) -> list[Path]:
    import gzip
    import json

    index = json.loads(gzip.decompress((site / "assets/catalog/solutions-index.json.gz").read_bytes()))
    solution = "bluestem-workforce-sso" if "bluestem-workforce-sso" in index["id"] else index["id"][0]
    others = [i for i in index["id"] if i != solution]
    scenarios = sorted(p.name for p in (site / "scenarios").iterdir() if (p / "index.html").is_file())
    scenario = "ransomware-at-state-agency" if "ransomware-at-state-agency" in scenarios else scenarios[0]
    pages = {
        "home": ("", None),
        "browse": ("solutions/?category=saas", "#catalog-results li"),
        "solution": (f"solutions/{solution}/", None),
        "compare": (f"compare/?s={solution},{others[len(others) // 2]}", "table.cat-compare-table"),
        "scenario": (f"scenarios/{scenario}/", None),
    }
    written = []
    out.mkdir(parents=True, exist_ok=True)
    with serve(site) as base, chromium() as browser:
        for device, (width, height) in WIDTHS.items():
            context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=1)
            for name, (path, ready) in pages.items():
                page = context.new_page()
                page.goto(base + path)
                page.wait_for_load_state("networkidle")
                if ready:
                    page.wait_for_selector(ready)
                if name == "compare" and device == "phone":
                    # on a phone the table starts below the picker: show the comparison itself
                    page.locator("#compare-caption").evaluate("caption => caption.scrollIntoView()")
                    page.evaluate("() => window.scrollBy(0, -64)")
                    page.wait_for_timeout(800)  # the theme's header swaps its title on scroll
                target = out / f"{name}-{device}.png"
                page.screenshot(path=str(target))
                written.append(target)
                page.close()
            context.close()
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="a built site (default: build the demo now)")
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots")
    args = parser.parse_args()
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    if args.site is not None:
        written = shots(args.site.resolve(), args.out)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            site = Path(tmp) / "site"
            if build_site(REPO, site, strict=True) != 0:
                sys.exit("the demo did not build")
            written = shots(site, args.out)
    for path in written:
        print(path.relative_to(REPO) if path.is_relative_to(REPO) else path)


if __name__ == "__main__":
    main()
