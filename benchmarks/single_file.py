"""Worst-case validation of one file at the size limit, each shape against a baseline in the same run.

    .venv/bin/python benchmarks/single_file.py --runs 5

Each shape is a hostile file just under the 256 KiB limit, written into a copy of the demo
project; `catalog -C PROJECT validate FILE` is timed as a whole process (start-up and imports
included), alternating with the same command on an ordinary scenario of the demo, the baseline.
The target is at most 2 s per file on this machine.  See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from measure import interleaved

REPO = Path(__file__).resolve().parent.parent
CATALOG = str(Path(sys.executable).with_name("catalog"))
LIMIT = 256 * 1024
TARGET_SECONDS = 2.0
BASELINE = "catalog/scenarios/ransomware-at-state-agency.yaml"
HEAD = "id: hostile\ntitle: A hostile scenario\n"


def _fill(prefix: str, item: Callable[[int], str], suffix: str, separator: str = ", ") -> str:
    """`prefix` + as many items as fit under the size limit + `suffix`."""
    parts: list[str] = []
    size = len(prefix.encode()) + len(suffix.encode())
    index = 0
    while True:
        piece = item(index)
        grown = len(piece.encode()) + len(separator)
        if size + grown >= LIMIT - 16:
            break
        parts.append(piece)
        size += grown
        index += 1
    return prefix + separator.join(parts) + suffix


SHAPES: dict[str, Callable[[], str]] = {
    # The report that started it: one word and tens of thousands of numbers in a unique list.
    "a flow list of one word and ~40,000 numbers": lambda: _fill(
        HEAD + "ready_contracts: [word, ", str, "]\n"
    ),
    # Mixed types at the loader's list limit, so the schema sees it (uniqueItems is quadratic).
    "1,000 mixed items in a unique list (at the loader's limit)": lambda: (
        HEAD + "ready_contracts: [word, " + ", ".join(str(i) for i in range(999)) + "]\n"
    ),
    "20,000 values in nested lists": lambda: _fill(
        HEAD + "triggers: [", lambda i: "[" + ", ".join(["x"] * 9) + "]", "]\n"
    ),
    "mappings of 200 keys each, to the size limit": lambda: _fill(
        HEAD + "impact:\n",
        lambda i: f"  k{i}: {{" + ", ".join(f"a{j}: 1" for j in range(199)) + "}",
        "\n",
        "\n",
    ),
    "every value a string of HTML": lambda: _fill(
        HEAD + "triggers: [", lambda i: '"<b onclick=x()>' + "y" * 250 + '</b>"', "]\n"
    ),
    "one description of 250,000 characters": lambda: HEAD + "description: " + "word " * 50_000 + "\n",
    "twelve descriptions of pathological Markdown": lambda: (
        HEAD + "".join(f"d{i}: '" + "[a" * 9_995 + "'\n" for i in range(12))
    ),
    "hidden characters everywhere": lambda: _fill(HEAD + "triggers: [", lambda i: "a\u202eb", "]\n"),
    "duplicate keys to the size limit": lambda: _fill(HEAD, lambda i: "title: again", "\n", "\n"),
    "an alias bomb": lambda: (
        HEAD
        + "a: &a [x, x, x, x, x, x, x, x, x]\n"
        + "".join(
            f"{chr(98 + i)}: &{chr(98 + i)} [" + ", ".join([f"*{chr(97 + i)}"] * 9) + "]\n" for i in range(20)
        )
    ),
    "nesting 10,000 levels deep": lambda: HEAD + "impact: " + "[" * 10_000 + "]" * 10_000 + "\n",
}


def project(out: Path) -> Path:
    root = out / "single-file-project"
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    for name in ("catalog", "schema"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    return root


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per shape (medians shown)")
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "out", help="work folder")
    args = parser.parse_args(argv)
    root = project(args.out)
    env = {**os.environ, "CATALOG_DATE": "2026-11-25", "PYTHONDONTWRITEBYTECODE": "1"}
    rows: list[dict[str, Any]] = []
    for shape, make in SHAPES.items():
        text = make()
        raw = text.encode("utf-8")
        assert len(raw) <= LIMIT, (shape, len(raw))
        target = root / "catalog" / "scenarios" / "hostile.yaml"
        target.write_bytes(raw)
        log = args.out / "single-file.log"
        ours, base = interleaved(
            [
                [CATALOG, "-C", str(root), "validate", "--format", "parsable", str(target)],
                [CATALOG, "-C", str(root), "validate", "--format", "parsable", str(root / BASELINE)],
            ],
            args.runs,
            outputs=[log],
            env=env,
        )
        lines = log.read_text(encoding="utf-8").splitlines()
        rules = sorted({line.rsplit("(", 1)[-1].rstrip(")") for line in lines if "[error]" in line})
        rows.append(
            {
                "shape": shape,
                "bytes": len(raw),
                "wall": ours.wall,
                "cpu": ours.cpu,
                "rss_mb": ours.rss_mb,
                "baseline_wall": base.wall,
                "exit": ours.code,
                "lines": len(lines),
                "rules": rules,
                "ok": ours.wall <= TARGET_SECONDS and ours.code == 1,
                "load": os.getloadavg()[0],
            }
        )
        print(f"{shape}: {ours.wall:.2f} s (baseline {base.wall:.2f} s), {len(lines)} lines", flush=True)
    target.unlink()
    table = format_table(rows)
    print("\n" + table)
    (args.out / "single-file.md").write_text(table + "\n", encoding="utf-8")
    (args.out / "single-file.json").write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    return 0 if all(row["ok"] for row in rows) else 1


def format_table(rows: list[dict[str, Any]]) -> str:
    header = (
        "| shape (one file ≤ 256 KiB) | KiB | wall s | CPU s | peak MB | baseline wall s | lines printed"
        " | rules | ≤ 2 s | load |"
    )
    lines = [header, "|---|---|---|---|---|---|---|---|---|---|"]
    lines += [
        f"| {row['shape']} | {row['bytes'] / 1024:.0f} | {row['wall']:.2f} | {row['cpu']:.2f}"
        f" | {row['rss_mb']:.0f} | {row['baseline_wall']:.2f} | {row['lines']}"
        f" | {', '.join(row['rules'])} | {'yes' if row['ok'] else 'NO'} | {row['load']:.1f} |"
        for row in rows
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
