"""Each benchmark figure, measured against its baseline in the same run, as table rows."""

from __future__ import annotations

import json
import shutil
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import sizes
import yaml
from baseline import page_title, write_baseline
from entries import dump
from generate import MARKER
from measure import Summary, folder_bytes, interleaved, repeat
from seeds import REPO

PYTHON = sys.executable
CATALOG = str(Path(PYTHON).with_name("catalog"))
MKDOCS = str(Path(PYTHON).with_name("mkdocs"))
# The libyaml baseline: the C parser alone over the same files, nothing else.
PARSE_ONLY = (
    "import glob, sys, yaml\n"
    "for name in sorted(glob.glob(sys.argv[1] + '/catalog/*/*.yaml')):\n"
    "    with open(name, 'rb') as handle:\n"
    "        yaml.load(handle, Loader=yaml.CSafeLoader)\n"
)


@dataclass
class Row:
    figure: str
    size: int
    value: str
    baseline: str = ""
    ratio: str = ""
    target: str = ""
    ok: str = ""
    load: str = ""  # the machine's 1-minute load average when the figure was taken


def verdict(passed: bool | None) -> str:
    return "" if passed is None else ("yes" if passed else "NO")


def validate(root: Path, size: int, runs: int, env: dict[str, str], out: Path) -> list[Row]:
    """The whole catalog, alternating with libyaml parsing the same files."""
    log = out / f"validate-{size}.txt"
    ours, base = interleaved(
        [
            [CATALOG, "-C", str(root), "validate", "--format", "parsable"],
            [PYTHON, "-c", PARSE_ONLY, str(root)],
        ],
        runs,
        outputs=[log],
        env=env,
    )
    errors = sum(1 for line in log.read_text(encoding="utf-8").splitlines() if "[error]" in line)
    ratio = ours.wall / base.wall
    return [
        Row(
            "validate whole catalog, wall s",
            size,
            f"{ours.wall:.2f}",
            f"{base.wall:.2f}",
            f"{ratio:.2f}×",
            "≤ 2×",
            verdict(ratio <= 2 and errors == 0 and ours.code == 0),
        ),
        Row(
            "validate whole catalog, CPU s",
            size,
            f"{ours.cpu:.2f}",
            f"{base.cpu:.2f}",
            f"{ours.cpu / base.cpu:.2f}×",
            "≤ 2×",
            verdict(ours.cpu / base.cpu <= 2 and errors == 0 and ours.code == 0),
        ),
        Row("validate peak memory, MB", size, f"{ours.rss_mb:.0f}", f"{base.rss_mb:.0f}"),
        Row("validate errors found", size, str(errors), target="0", ok=verdict(errors == 0)),
    ]


def incremental(root: Path, size: int, runs: int, env: dict[str, str]) -> list[Row]:
    """`catalog validate PATH` after a real edit of one solution, then of one contract."""
    rows = []
    limits = {"solutions": 0.3, "contracts": 0.6}  # seconds
    for kind, field in (("solutions", "summary"), ("contracts", "title")):
        files = sorted((root / "catalog" / kind).glob("*.yaml"))
        path = files[len(files) * 2 // 3]
        original = path.read_bytes()
        data = yaml.safe_load(original)
        data[field] = str(data[field])[:280] + " (revised)"
        try:
            path.write_bytes(dump(data))
            result = repeat([CATALOG, "-C", str(root), "validate", str(path)], runs, env=env)
        finally:
            path.write_bytes(original)
        rows.append(
            Row(
                f"validate one changed {kind[:-1]}, wall s (CPU s)",
                size,
                f"{result.wall:.2f} ({result.cpu:.2f})",
                target=f"≤ {limits[kind]} s",
                ok=verdict(result.wall <= limits[kind] and result.code == 0),
            )
        )
    return rows


def build_missing(root: Path) -> str | None:
    if not (REPO / "site_builder" / "build.py").is_file():
        return "site_builder/build.py does not exist yet"
    if not (root / "mkdocs.yml").is_file():
        return "the project has no mkdocs.yml yet"
    return None


def entry_count(root: Path) -> int:
    counts: dict[str, int] = json.loads((root / MARKER).read_text(encoding="utf-8"))["counts"]
    return sum(counts.values())


def build(
    root: Path,
    size: int,
    runs: int,
    env: dict[str, str],
    out: Path,
    tsv: Path | None,
    jobs: Sequence[str] = ("auto",),
) -> tuple[list[Row], dict[str, float]]:
    """`catalog build` (once per `jobs` value: "auto" is the default, else `--jobs N`) against
    mkdocs-material building as many plain pages, all alternating."""
    missing = build_missing(root)
    if missing:
        return [Row("catalog build", size, f"not available: {missing}")], {}
    pages = entry_count(root)
    base_dir = out / f"baseline-{pages}"
    config = write_baseline(base_dir, pages, tsv)
    base_site = base_dir / "site"
    sites = {j: out / (f"site-{size}" if j == "auto" else f"site-{size}-jobs{j}") for j in jobs}
    commands = [
        [
            CATALOG,
            "-C",
            str(root),
            "build",
            "--site-dir",
            str(sites[j]),
            *([] if j == "auto" else ["--jobs", j]),
        ]
        for j in jobs
    ]
    *measured, base = interleaved(
        [*commands, [MKDOCS, "build", "-q", "-f", str(config), "-d", str(base_site)]],
        runs,
        outputs=[*(out / f"build-{size}-jobs-{j}.txt" for j in jobs), out / f"baseline-build-{size}.txt"],
        # The site, and the project's cache folder (compiled templates): a publishing build runs
        # on a fresh checkout, which has neither.
        fresh=[*((site, root / ".catalog-cache") for site in sites.values()), (base_site,)],
        env=env,
    )
    rows: list[Row] = []
    times: dict[str, float] = {}
    for j, ours in zip(jobs, measured, strict=True):
        rows += _build_rows(root, size, sites[j], ours, base, j)
        if j == jobs[0] and ours.code == 0:
            times = {"build": ours.cpu, "baseline": base.cpu}
        if j != "auto":
            shutil.rmtree(sites[j], ignore_errors=True)  # the same bytes (tested); disk is short
    return rows, times


def _build_rows(root: Path, size: int, site: Path, ours: Summary, base: Summary, jobs: str) -> list[Row]:
    name = "catalog build" if jobs == "auto" else f"catalog build --jobs {jobs}"
    ok = ours.code == 0
    ratio, cpu_ratio = ours.wall / base.wall, ours.cpu / base.cpu
    rows = [
        Row(f"{name}, wall s", size, f"{ours.wall:.1f}", f"{base.wall:.1f}", f"{ratio:.2f}×", "≤ 1.2×",
            verdict(ratio <= 1.2 and ok)),
        Row(f"{name}, CPU s", size, f"{ours.cpu:.1f}", f"{base.cpu:.1f}", f"{cpu_ratio:.2f}×", "≤ 1.5×",
            verdict(cpu_ratio <= 1.5 and ok)),
        Row(f"{name}, peak memory, MB" if jobs != "auto" else "build peak memory, MB", size,
            f"{ours.rss_mb:.0f}", f"{base.rss_mb:.0f}", f"{ours.rss_mb / base.rss_mb:.2f}×", "≤ 1536 MB",
            verdict(ours.rss_mb <= 1536 and ok)),
    ]  # fmt: skip
    if jobs == "auto":
        solutions = len(list((root / "catalog" / "solutions").glob("*.yaml")))
        total, files = folder_bytes(site) if site.is_dir() else (0, 0)
        per_solution = total / solutions / 1024
        if site.is_dir():  # what each kind of file costs, for the README's table
            (site.parent / f"sizes-{size}.md").write_text(
                sizes.report(site, solutions) + "\n", encoding="utf-8"
            )
        rows += [
            Row("site size per solution, KB", size, f"{per_solution:.1f}", target="≤ 20 KB",
                ok=verdict(per_solution <= 20 and ok)),
            Row("site size in all, MB (files)", size, f"{total / 2**20:.0f} ({files:,})"),
        ]  # fmt: skip
    if not ok:
        rows.insert(
            0, Row(f"{name} FAILED", size, f"exit code {ours.code}, see build-{size}-jobs-{jobs}.txt")
        )
    return rows


def growth(builds: dict[int, dict[str, float]]) -> list[Row]:
    """How build CPU time grows from the smallest to the largest size, against linear (CPU, not
    wall time: on a shared machine the wall time of one size says more about the load than the build)."""
    if len(builds) < 2:
        return []
    small, large = min(builds), max(builds)
    expected = large / small
    factor = builds[large]["build"] / builds[small]["build"] / expected
    base = builds[large]["baseline"] / builds[small]["baseline"] / expected
    return [
        Row(
            f"build growth {small:,} → {large:,}, (CPU ratio) / (size ratio)",
            large,
            f"{factor:.2f}",
            f"{base:.2f}",
            target="≤ 1.1",
            ok=verdict(factor <= 1.1),
        )
    ]


def short_query(name: str) -> str:
    """What a user would type for a product: its first words, up to about 16 characters."""
    words: list[str] = []
    for word in name.split():
        if words and len(" ".join([*words, word])) > 16:
            break
        words.append(word)
    return " ".join(words)


def search(root: Path, size: int, out: Path) -> list[Row]:
    """Our search on /solutions/, then mkdocs-material's on the baseline of as many pages."""
    from search import measure, serve

    site = out / f"site-{size}"
    if not (site / "solutions" / "index.html").is_file():
        return [
            Row("search", size, "not available: no built site with /solutions/ (measure the build first)")
        ]
    solutions = sorted((root / "catalog" / "solutions").glob("*.yaml"))
    target = solutions[len(solutions) * 7 // 10]
    query = short_query(str(yaml.safe_load(target.read_bytes())["name"]))
    with serve(site) as server:
        result = measure(server, "solutions/", query, f"/solutions/{target.stem}/")
    sent, raw = result.traffic.sent / 2**20, result.traffic.raw / 2**20
    rows = [
        Row(
            "search: first result after typing stops, ms",
            size,
            f"{result.latency_ms:.0f}",
            target="≤ 300 ms",
            ok=verdict(result.latency_ms <= 300 and not result.visible_before),
        ),
        Row("search: page load to first result, ms", size, f"{result.load_to_result_ms:.0f}"),
        Row(
            "search: fetched gzip (raw), MB",
            size,
            f"{sent:.2f} ({raw:.2f})",
            target="≤ 2 MB",
            ok=verdict(sent <= 2),
        ),
    ]
    pages = entry_count(root)
    base_site = out / f"baseline-{pages}" / "site"
    if (base_site / "search" / "search_index.json").is_file():
        number = pages * 7 // 10
        title = page_title(base_site.parent, number)  # "<product name> <number>"
        with serve(base_site) as server:
            material = measure(
                server,
                "",
                f"{title.split()[0][:10]} {number}",
                f"/pages/page-{number:05d}/",
                input_selector="input.md-search__input",
            )
        rows[0].baseline = f"{material.latency_ms:.0f}"
        rows[1].baseline = f"{material.load_to_result_ms:.0f}"
        rows[2].baseline = f"{material.traffic.sent / 2**20:.2f} ({material.traffic.raw / 2**20:.2f})"
    return rows
