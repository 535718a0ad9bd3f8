"""Generate a deterministic synthetic catalog project of a given number of solutions.

    .venv/bin/python benchmarks/generate.py 20000 --out benchmarks/out/catalog-20000

The catalog is grown from the shipped demo (or, until the demo has every kind of entry, from the
test fixture): its entries are kept as they are, and copies with new names and text are added
until there are SIZE solutions, with one vendor per ~20 solutions, one contract per ~100 and one
scenario per ~500.  Names and descriptions come from a TSV of real product names (see
textpool.py).  The same SIZE, seed and inputs always give byte-identical files.  The output is a
complete project (catalog/, schema/, mkdocs.yml) that `catalog validate` accepts without errors.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from entries import Grower, dump
from seeds import REPO, Seeds, copy_schemas, load_seeds, variant_pool
from textpool import TextPool

from site_builder.model import KINDS

DEFAULT_TSV = REPO.parent / "shared" / "data" / "landscape-items.tsv"
DEFAULT_AS_OF = date(2026, 11, 25)
MARKER = "generated.json"
PER_VENDOR, PER_CONTRACT, PER_SCENARIO = 20, 100, 500


def cache_key(size: int, seed_catalog: str, tsv: Path | None, as_of: date, rng_seed: int) -> str:
    """A digest of everything the output depends on: reuse a catalog only when it matches."""
    from seeds import choose_source

    digest = hashlib.sha256(f"{size}|{as_of}|{rng_seed}".encode())
    source, catalog, policy = choose_source(seed_catalog)
    digest.update(source.encode())
    inputs = [policy, *sorted(catalog.rglob("*.yaml")), *sorted((REPO / "schema").glob("*.json"))]
    inputs += [
        Path(__file__).parent / name for name in ("generate.py", "entries.py", "seeds.py", "textpool.py")
    ]
    inputs += [REPO / "mkdocs.yml", *sorted((REPO / "docs").rglob("*"))]  # copied into the project
    inputs = [path for path in inputs if path.is_file()]
    if tsv is not None and tsv.is_file():
        inputs.append(tsv)
    for path in inputs:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def grow(
    seeds: Seeds, size: int, tsv: Path | None, as_of: date, rng_seed: int
) -> Iterator[tuple[str, str, bytes]]:
    """Yield (kind, id, file bytes) for every entry of the synthetic catalog, seeds first."""
    rng = random.Random(f"catalog-{rng_seed}-{size}")
    grower = Grower(seeds, TextPool(tsv, rng), rng, as_of)
    verbatim = seeds.errors == 0 and size >= len(seeds.raw["solutions"])
    if verbatim:
        for kind in KINDS:
            for entry_id, raw in seeds.raw[kind].items():
                grower.ids.take(kind, entry_id)
                yield kind, entry_id, raw
    synthetic = size - (len(seeds.raw["solutions"]) if verbatim else 0)
    # Enough candidates for variety at scale, few for a tiny catalog (each one is checked).
    pool = variant_pool(
        seeds, as_of, rng, per_seed=max(2, min(40, size // (2 * len(seeds.clean["solutions"]))))
    )
    vendors = [grower.vendor(n) for n in range(max(1, round(size / PER_VENDOR)))]
    vendor_ids = [v["id"] for v in vendors]
    contract_count = max(len(seeds.clean["contracts"]), round(size / PER_CONTRACT))
    clones: dict[str, list[str]] = {}
    contracts = []
    for number in range(contract_count):
        base, contract = grower.contract(number, vendor_ids)
        clones.setdefault(base, []).append(contract["id"])
        contracts.append(contract)
    # Plain copies (new text, the seed's own facts) of every seed first, then one in ten, so that
    # scenarios can name solutions known to be as ready as the ones their seed names.
    plain = seeds.clean["solutions"]
    copies: dict[str, list[str]] = {}
    solutions = []
    for number in range(synthetic):
        if number < len(plain) or number % 10 == 0:
            base = plain[number % len(plain)]
            solution = grower.solution(seeds.data["solutions"][base], vendor_ids, clones)
            copies.setdefault(base, []).append(solution["id"])
        else:
            solution = grower.solution(rng.choice(pool), vendor_ids, clones)
        solutions.append(solution)
    scenario_count = max(len(seeds.clean["scenarios"]), round(size / PER_SCENARIO))
    scenarios = [s for n in range(scenario_count) if (s := grower.scenario(n, copies, clones))]
    vehicles = [] if verbatim else [seeds.data["vehicles"][v] for v in sorted(seeds.data["vehicles"])]
    for kind, entries in (
        ("vendors", vendors),
        ("vehicles", vehicles),  # the seeds' own: every copy of an award stays under its vehicle
        ("contracts", contracts),
        ("solutions", solutions),
        ("scenarios", scenarios),
    ):
        for entry in entries:
            yield kind, entry["id"], dump(entry)


def generate(
    size: int,
    out: Path,
    *,
    tsv: Path | None = DEFAULT_TSV,
    seed_catalog: str = "auto",
    as_of: date = DEFAULT_AS_OF,
    rng_seed: int = 7,
    git: bool = True,
) -> dict[str, Any]:
    """Write the project to `out` (replacing a catalog generated there before); return its manifest."""
    if out.exists() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise SystemExit(f"{out} exists and was not made by this generator; choose an empty folder")
    key = cache_key(size, seed_catalog, tsv, as_of, rng_seed)
    for part in ("catalog", "schema"):
        shutil.rmtree(out / part, ignore_errors=True)
    counts = dict.fromkeys(KINDS, 0)
    total_bytes = 0
    with tempfile.TemporaryDirectory(prefix="catalog-seeds-") as work:
        seeds = load_seeds(seed_catalog, Path(work), as_of)
        for kind in KINDS:
            (out / "catalog" / kind).mkdir(parents=True, exist_ok=True)
        for kind, entry_id, raw in grow(seeds, size, tsv, as_of, rng_seed):
            (out / "catalog" / kind / f"{entry_id}.yaml").write_bytes(raw)
            counts[kind] += 1
            total_bytes += len(raw)
        copy_schemas(out, seeds.policy_text)
        source = seeds.source
    if (REPO / "mkdocs.yml").is_file():
        shutil.copyfile(REPO / "mkdocs.yml", out / "mkdocs.yml")
    if (REPO / "docs").is_dir():
        shutil.copytree(REPO / "docs", out / "docs", dirs_exist_ok=True)
    manifest = {
        "key": key,
        "size": size,
        "seed_catalog": source,
        "as_of": as_of.isoformat(),
        "counts": counts,
        "bytes": total_bytes,
    }
    (out / MARKER).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    if git:
        commit_all(out, as_of)
    return manifest


def commit_all(out: Path, as_of: date) -> None:
    """Make the project a git repository with one commit, as a real catalog would be (the checker
    asks git for file modes).  Fixed names and dates give the same commit for the same files."""
    shutil.rmtree(out / ".git", ignore_errors=True)
    stamp = f"{as_of.isoformat()}T12:00:00+00:00"
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Catalog benchmark",
        "GIT_AUTHOR_EMAIL": "benchmark@catalog.example",
        "GIT_AUTHOR_DATE": stamp,
        "GIT_COMMITTER_NAME": "Catalog benchmark",
        "GIT_COMMITTER_EMAIL": "benchmark@catalog.example",
        "GIT_COMMITTER_DATE": stamp,
    }
    settings = ["-c", "core.hooksPath=/dev/null", "-c", "commit.gpgsign=false", "-c", "core.autocrlf=false"]
    for command in (
        ["init", "-q", "-b", "main"],
        ["add", "-A"],
        ["commit", "-q", "-m", "Synthetic catalog for the benchmarks"],
    ):
        subprocess.run(["git", *settings, *command], cwd=out, env=env, check=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("size", type=int, help="number of solutions")
    parser.add_argument(
        "--out", type=Path, help="project folder to write (default: benchmarks/out/catalog-SIZE)"
    )
    parser.add_argument(
        "--names", type=Path, default=DEFAULT_TSV, help="TSV of product names (default: %(default)s)"
    )
    parser.add_argument("--seed-catalog", choices=["auto", "demo", "fixture"], default="auto")
    parser.add_argument(
        "--as-of", type=date.fromisoformat, default=DEFAULT_AS_OF, help="dates are fresh as of this day"
    )
    parser.add_argument("--rng-seed", type=int, default=7)
    parser.add_argument("--no-git", action="store_true", help="do not make the project a git repository")
    parser.add_argument("--verify", action="store_true", help="check the result with the real checker")
    args = parser.parse_args(argv)
    out = args.out or REPO / "benchmarks" / "out" / f"catalog-{args.size}"
    manifest = generate(
        args.size,
        out,
        tsv=args.names,
        seed_catalog=args.seed_catalog,
        as_of=args.as_of,
        rng_seed=args.rng_seed,
        git=not args.no_git,
    )
    print(
        f"wrote {out}: {manifest['counts']} from the {manifest['seed_catalog']} catalog, {manifest['bytes']:,} bytes"
    )
    if args.verify:
        from site_builder.pipeline import check

        report = check(out, today=args.as_of).report
        print(
            f"checked: {len(report.errors)} errors, {len(report.warnings)} warnings in {report.files_checked} files"
        )
        for problem in report.sorted()[:20]:
            print(f"  {problem.file}:{problem.line}: [{problem.level}] {problem.message} ({problem.rule})")
        return 1 if report.errors else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
