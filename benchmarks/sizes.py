"""What every kind of file in a built site costs per solution, and what a typical solution page
costs to transfer gzip-encoded (as GitHub Pages sends it).

    .venv/bin/python benchmarks/sizes.py benchmarks/out/site-20000 20000
"""

from __future__ import annotations

import argparse
import gzip
import statistics
import sys
from collections import Counter
from pathlib import Path

ENTRY_FOLDERS = ("solutions", "vendors", "contracts", "scenarios")


def kind_of(path: str) -> str:
    """The kind of a site-relative file, as the benchmark README lists them."""
    parts = path.split("/")
    if parts[-1] == "index.html":
        if len(parts) == 3 and parts[0] in ENTRY_FOLDERS:
            return f"{parts[0][:-1]} pages"
        if "page" in parts or parts[0] == "categories":
            return "lists (browse, category and paged pages)"
        return "other pages"
    if parts[:3] == ["api", "v1", "solutions"]:
        return "api/v1/solutions/<id>.json"
    if parts[:2] == ["api", "v1"] and len(parts) == 4:
        return "api/v1/{vendors,contracts,scenarios}/<id>.json"
    if parts[:2] == ["api", "v1"]:
        return f"api/v1/{parts[2]}" if len(parts) == 3 else "api/v1/ocds-extension"
    if parts[0] == "compare":
        return "compare data"
    if parts[:2] == ["assets", "catalog"] and not parts[-1].endswith((".js", ".css")):
        return "search index and summaries"
    if parts[0] == "assets":
        return "theme and catalog assets"
    if parts[0].startswith("sitemap"):
        return "sitemap"
    return parts[0] if len(parts) == 1 else f"{parts[0]}/"


def breakdown(site: Path) -> tuple[Counter[str], Counter[str]]:
    """(bytes, files) by kind."""
    sizes: Counter[str] = Counter()
    counts: Counter[str] = Counter()
    for path in site.rglob("*"):
        if path.is_file():
            kind = kind_of(path.relative_to(site).as_posix())
            sizes[kind] += path.stat().st_size
            counts[kind] += 1
    return sizes, counts


def typical_page(site: Path) -> tuple[str, int, int]:
    """(name, bytes, gzip bytes at level 6) of the solution page of median size."""
    pages = sorted(
        (p.stat().st_size, p) for p in (site / "solutions").glob("*/index.html") if p.parent.name != "page"
    )
    size, path = pages[len(pages) // 2]
    return path.parent.name, size, len(gzip.compress(path.read_bytes(), compresslevel=6, mtime=0))


def report(site: Path, solutions: int) -> str:
    sizes, counts = breakdown(site)
    total = sum(sizes.values())
    lines = ["| kind of file | files | KB per solution | share |", "|---|---|---|---|"]
    for kind, size in sizes.most_common():
        lines.append(f"| {kind} | {counts[kind]:,} | {size / solutions / 1024:.2f} | {size / total:.0%} |")
    lines.append(f"| **in all** | {sum(counts.values()):,} | **{total / solutions / 1024:.1f}** | |")
    name, raw, packed = typical_page(site)
    entry_pages = [p.stat().st_size for p in (site / "solutions").glob("*/index.html")]
    lines.append("")
    lines.append(
        f"Solution pages: median {statistics.median(entry_pages) / 1024:.1f} KB; the median one "
        f"(`{name}`) is {raw / 1024:.1f} KB, {packed / 1024:.1f} KB gzip-encoded."
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("solutions", type=int)
    args = parser.parse_args(argv)
    print(report(args.site, args.solutions))
    return 0


if __name__ == "__main__":
    sys.exit(main())
