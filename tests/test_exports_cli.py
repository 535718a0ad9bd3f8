"""`catalog export --format json|csv|ocds [--output PATH]`: the site's data without the site."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from test_exports_support import export_site, full_catalog, replace_in, unzipped_csv, yaml_files


def test_json_to_stdout_and_to_a_file_is_the_sites_catalog_with_every_record_in_full(
    project: Path, tmp_path: Path, run_cli: Any
) -> None:
    done = run_cli("-C", project, "export")
    assert done.exit_code == 0, done.stderr
    document = json.loads(done.output)
    assert [v["id"] for v in document["vendors"]] == sorted(yaml_files(project)["vendors"])
    target = tmp_path / "out" / "catalog.json"
    assert run_cli("-C", project, "export", "--format", "json", "--output", target).exit_code == 0
    assert json.loads(target.read_bytes()) == document
    # One document for one command: the site's catalog.json with each solution's row replaced by
    # the record the site publishes in its own file.
    export_site(project, tmp_path / "site")
    site = full_catalog(tmp_path / "site")
    del site["meta"]["solution_record"], site["meta"]["solution_page"]
    assert document == site


def test_csv_needs_a_folder_and_writes_the_four_files(project: Path, tmp_path: Path, run_cli: Any) -> None:
    done = run_cli("-C", project, "export", "--format", "csv")
    assert done.exit_code == 2
    assert "--output DIR" in done.stderr
    folder = tmp_path / "csv"
    assert run_cli("-C", project, "export", "--format", "csv", "--output", folder).exit_code == 0
    names = ["contracts.csv", "solutions.csv", "vehicles.csv", "vendors.csv"]
    assert sorted(p.name for p in folder.iterdir()) == names
    export_site(project, tmp_path / "site")
    for name in names:  # plain here; the same bytes the site publishes zipped
        assert (folder / name).read_bytes() == unzipped_csv(tmp_path / "site/api/v1", name)


def test_ocds_with_the_prefix_from_mkdocs_yml(project: Path, run_cli: Any) -> None:
    replace_in(project / "mkdocs.yml", "  - catalog\n", "  - catalog:\n      ocds_prefix: ocds-q1w2e3\n")
    done = run_cli("-C", project, "export", "--format", "ocds")
    assert done.exit_code == 0, done.stderr
    package = json.loads(done.output)
    assert [r["ocid"] for r in package["releases"]] == ["ocds-q1w2e3-umbrella-software"]
    replace_in(project / "mkdocs.yml", "ocds-q1w2e3", "ocds-toolong1")
    done = run_cli("-C", project, "export", "--format", "ocds")
    assert done.exit_code == 2
    assert "ocds-toolong1" in done.stderr
    assert "ocds_prefix" in done.stderr


def test_a_catalog_with_errors_exports_nothing(project: Path, tmp_path: Path, run_cli: Any) -> None:
    replace_in(project / "catalog/solutions/acme-desktop-suite.yaml", "risk_tier: low", "risk_tier: extreme")
    target = tmp_path / "catalog.json"
    done = run_cli("-C", project, "export", "--output", target)
    assert done.exit_code == 1
    assert "catalog/solutions/acme-desktop-suite.yaml" in done.stderr
    assert "Nothing was exported" in done.stderr
    assert done.output == ""
    assert not target.exists()
    assert run_cli("-C", project, "export", "--format", "csv", "--output", tmp_path / "csv").exit_code == 1
    assert not (tmp_path / "csv").exists()


def test_as_of_changes_the_statuses(project: Path, run_cli: Any) -> None:
    replace_in(project / "catalog/contracts/umbrella-software.yaml", 'end: "2029-01-31"', 'end: "2026-12-31"')
    done = run_cli("-C", project, "export", "--as-of", "2027-01-10")
    assert done.exit_code == 0, done.stderr  # an expired contract is a warning, printed to stderr
    contract = json.loads(done.output)["contracts"][0]
    assert contract["computed"]["status"] == "expired"
    assert contract["computed"]["days_left"] == -10
    assert "expired" in done.stderr


def test_output_that_is_the_wrong_kind_of_path(project: Path, tmp_path: Path, run_cli: Any) -> None:
    (tmp_path / "file.txt").write_text("x", encoding="utf-8")
    to_file = run_cli("-C", project, "export", "--format", "csv", "--output", tmp_path / "file.txt")
    assert to_file.exit_code == 2
    assert f"{tmp_path / 'file.txt'} is a file; --format csv needs a folder to write four files into" in (
        to_file.stderr
    )
    assert (tmp_path / "file.txt").read_text(encoding="utf-8") == "x"
    to_folder = run_cli("-C", project, "export", "--format", "json", "--output", tmp_path)
    assert to_folder.exit_code == 2
    assert f"{tmp_path} is a folder; give a file name for --format json" in to_folder.stderr
