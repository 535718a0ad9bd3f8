"""The benchmark's synthetic catalogs are valid and reproducible, and the benchmark script runs.

These run the real generator and the real `benchmarks/run.py` as processes, at tiny sizes; the
figures themselves come from `benchmarks/run.py` at full size (see benchmarks/README.md).
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from site_builder.pipeline import check

REPO = Path(__file__).resolve().parent.parent
GENERATE = REPO / "benchmarks" / "generate.py"
RUN = REPO / "benchmarks" / "run.py"
# An excerpt of real product names kept in the repository, so the check below runs everywhere
# (the benchmark itself reads the full list when it is there; see benchmarks/README.md).
NAMES = REPO / "tests" / "fixtures" / "names" / "product-names.tsv"


def _generate(dest: Path, size: int, *extra: str) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, str(GENERATE), str(size), "--out", str(dest), *extra],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return json.loads((dest / "generated.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def _digest(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file() and ".git" not in path.relative_to(root).parts
    }


def test_generated_catalog_validates_clean_and_is_reproducible(tmp_path: Path, run_cli: object) -> None:
    first = _generate(tmp_path / "one", 120, "--names", str(NAMES))
    _generate(tmp_path / "two", 120, "--names", str(NAMES))
    files = _digest(tmp_path / "one")
    assert files == _digest(tmp_path / "two"), "the same size must give byte-identical files"
    counts = first["counts"]
    assert isinstance(counts, dict)
    assert counts["solutions"] == 120
    assert len(list((tmp_path / "one" / "catalog" / "solutions").glob("*.yaml"))) == 120
    assert counts["vendors"] >= 120 // 20
    assert counts["contracts"] >= 2
    assert counts["scenarios"] >= 1
    result = run_cli("-C", tmp_path / "one", "validate", "--format", "parsable")  # type: ignore[operator]
    assert result.exit_code == 0, result.output
    assert "[error]" not in result.output
    # The catalog varies what the policy depends on, not only names.
    solutions = check(tmp_path / "one").catalog.solutions.values()
    assert len({s.category for s in solutions}) >= 5
    assert len({s.risk_tier for s in solutions}) == 3
    assert len({s.classification for s in solutions}) >= 3
    assert any(s.overrides for s in solutions)
    # Names come from the real product list, odd characters included.
    listed = {line.split("\t", 1)[0] for line in NAMES.read_text(encoding="utf-8").splitlines()[1:]}
    names = [s.name for s in solutions]
    from_list = [name for name in names if name in listed]
    assert len(from_list) >= len(names) // 2, names
    assert any(not name.isascii() or "&" in name or "(" in name for name in from_list), from_list


def test_generator_falls_back_to_invented_text_without_the_names_file(tmp_path: Path) -> None:
    _generate(tmp_path / "plain", 40, "--names", str(tmp_path / "absent.tsv"), "--no-git")
    report = check(tmp_path / "plain").report
    assert not report.errors, [p.message for p in report.errors]
    assert not (tmp_path / "plain" / ".git").exists()


def test_generator_refuses_to_overwrite_a_folder_it_did_not_make(tmp_path: Path) -> None:
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep me", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(GENERATE), "20", "--out", str(tmp_path / "mine")],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode != 0
    assert "not made by this generator" in done.stderr
    assert (tmp_path / "mine" / "notes.txt").read_text(encoding="utf-8") == "keep me"


@pytest.mark.slow
def test_benchmark_script_runs_at_a_tiny_size(tmp_path: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            str(RUN),
            "--sizes",
            "40,80",
            "--runs",
            "1",
            "--only",
            "validate",
            "--only",
            "build",
            "--out",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    results = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))
    rows = {(row["figure"], row["size"]): row for row in results["rows"]}
    for size in (40, 80):
        whole = rows[("validate whole catalog, wall s", size)]
        assert float(whole["value"]) > 0
        assert float(whole["baseline"]) > 0
        assert whole["ratio"].endswith("×")
        assert rows[("validate errors found", size)]["value"] == "0"
        changed = rows[("validate one changed solution, wall s (CPU s)", size)]
        assert float(changed["value"].split()[0]) > 0
    # The repository can build a site, so the build is measured: never only "not available".
    assert not any(figure == "catalog build FAILED" for figure, _ in rows)
    assert float(rows[("catalog build, wall s", 80)]["value"]) > 0
    assert float(rows[("site size per solution, KB", 80)]["value"]) > 0
    assert ("build growth 40 → 80, (CPU ratio) / (size ratio)", 80) in rows
    assert "| validate whole catalog, wall s" in done.stdout
    # The files edited for the one-file figures were put back as the generator committed them.
    status = subprocess.run(
        ["git", "-C", str(tmp_path / "catalog-80"), "status", "--porcelain"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert status.stdout == ""
