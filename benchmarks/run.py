"""Measure the catalog at scale, each figure against a baseline measured in the same run.

    .venv/bin/python benchmarks/run.py --sizes 1000,5000,20000 --runs 3

Generates (or reuses) synthetic catalogs, measures whole processes and prints a table of figures,
baselines and ratios against the targets of the scale issue.  See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import platform
import sys
from dataclasses import asdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import figures
from figures import Row
from generate import DEFAULT_AS_OF, DEFAULT_TSV, MARKER, cache_key, generate
from seeds import REPO


def ensure_catalog(size: int, out: Path, tsv: Path | None) -> tuple[Path, dict[str, object]]:
    """The generated catalog of `size` solutions: reused when its inputs have not changed."""
    root = out / f"catalog-{size}"
    marker = root / MARKER
    if marker.is_file():
        manifest: dict[str, object] = json.loads(marker.read_text(encoding="utf-8"))
        if manifest.get("key") == cache_key(size, "auto", tsv, DEFAULT_AS_OF, 7):
            return root, manifest
    print(f"generating {size:,} solutions in {root} …", flush=True)
    return root, generate(size, root, tsv=tsv)


def format_table(rows: list[Row]) -> str:
    header = ["figure", "size", "value", "baseline", "ratio", "target", "ok", "load"]
    cells = [header] + [
        [r.figure, f"{r.size:,}", r.value, r.baseline, r.ratio, r.target, r.ok, r.load] for r in rows
    ]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    lines = ["| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |" for row in cells]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def stamp(rows: list[Row]) -> list[Row]:
    """Note the load average on rows just measured: on a busy machine wall times stretch."""
    load = f"{os.getloadavg()[0]:.1f}"
    for row in rows:
        row.load = row.load or load
    return rows


def machine() -> str:
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (
        f"{platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} cores, load {load}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,5000,20000", help="solutions per catalog, comma-separated")
    parser.add_argument("--runs", type=int, default=3, help="runs per validate figure (medians shown)")
    parser.add_argument("--build-runs", type=int, default=1, help="runs per build figure")
    parser.add_argument(
        "--jobs",
        default="auto,1",
        help="the builds to measure: auto (catalog build's default) and/or 1, 2 (--jobs N), comma-separated",
    )
    parser.add_argument(
        "--only",
        action="append",
        choices=["validate", "build", "search"],
        help="measure only these (repeatable)",
    )
    parser.add_argument(
        "--out", type=Path, default=REPO / "benchmarks" / "out", help="work and result folder"
    )
    parser.add_argument("--names", type=Path, default=DEFAULT_TSV, help="TSV of product names")
    args = parser.parse_args(argv)
    sizes = sorted(int(s) for s in args.sizes.split(","))
    only = set(args.only or ["validate", "build", "search"])
    args.out.mkdir(parents=True, exist_ok=True)
    print(f"machine: {machine()}", flush=True)
    rows: list[Row] = []
    builds: dict[int, dict[str, float]] = {}
    # An installed tool runs from compiled bytecode (pip compiles it on install); without it each
    # run would first compile the checker's source, 0.1 s of every one-file run.
    compileall.compile_dir(REPO / "site_builder", quiet=1)
    for size in sizes:
        root, manifest = ensure_catalog(size, args.out, args.names)
        env = {
            **os.environ,
            "CATALOG_DATE": str(manifest["as_of"]),
            "PYTHONDONTWRITEBYTECODE": "1",
            "NO_MKDOCS_2_WARNING": "1",
        }
        if "validate" in only:
            rows += stamp(figures.validate(root, size, args.runs, env, args.out))
            rows += stamp(figures.incremental(root, size, args.runs, env))
        if "build" in only:
            jobs = [j.strip() for j in args.jobs.split(",")]
            built, times = figures.build(root, size, args.build_runs, env, args.out, args.names, jobs)
            rows += stamp(built)
            if times:
                builds[size] = times
        print(format_table(rows) + "\n", flush=True)
    rows += figures.growth(builds)
    if "search" in only:
        root, _ = ensure_catalog(sizes[-1], args.out, args.names)
        rows += stamp(figures.search(root, sizes[-1], args.out))
    table = format_table(rows)
    print(f"machine after the run: {machine()}\n\n{table}")
    (args.out / "results.json").write_text(
        json.dumps({"machine": machine(), "rows": [asdict(r) for r in rows]}, indent=2) + "\n",
        encoding="utf-8",
    )
    (args.out / "results.md").write_text(table + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
