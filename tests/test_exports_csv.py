"""The CSV files: RFC 4180 with a BOM, one row per entry, flat term columns, no formula injection."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
from test_exports_support import export_site, replace_in, yaml_files

from site_builder.exports.tabular import cell, neutralise, term_header


def read_rows(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 byte-order mark, so Excel picks the encoding"
    text = raw.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def records_end_in_crlf(raw: bytes) -> bool:
    """RFC 4180: every record, the header included, ends in CRLF (no exported field spans lines)."""
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    return raw.endswith(b"\r\n") and raw.count(b"\n") == raw.count(b"\r\n") == len(rows)


@pytest.mark.parametrize("fixture", ["project", "demo_project"])
def test_one_row_per_yaml_file_and_key_fields_round_trip(
    fixture: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    root: Path = request.getfixturevalue(fixture)
    export_site(root, tmp_path / "site")
    api = tmp_path / "site" / "api" / "v1"
    on_disk = yaml_files(root)
    for kind in ("solutions", "contracts", "vendors"):
        raw = (api / f"{kind}.csv").read_bytes()
        assert records_end_in_crlf(raw), kind
        rows = read_rows(api / f"{kind}.csv")
        assert [row["ID"] for row in rows] == sorted(on_disk[kind]), kind
        assert all(row["Source file"] == f"catalog/{kind}/{row['ID']}.yaml" for row in rows)


def test_terms_are_flat_named_columns_with_raw_numbers(project: Path, tmp_path: Path) -> None:
    export_site(project, tmp_path / "site")
    api = tmp_path / "site" / "api" / "v1"
    contracts = read_rows(api / "contracts.csv")
    (contract,) = contracts
    assert contract["Contract number"] == "PM-0001"
    assert contract["End"] == "2029-01-31"
    assert contract["Days left"] == "798"
    assert contract["Renewal decisions due"] == "2028-08-01"
    assert contract["Insurance: cyber and privacy liability, per claim (USD)"] == "5000000"
    assert contract["Limitation of liability: carve-outs"].split("; ")[0] == "ip_infringement_indemnity"
    assert contract["Termination: termination for convenience"] == "yes"
    solutions = {row["ID"]: row for row in read_rows(api / "solutions.csv")}
    manager = solutions["acme-case-manager"]
    assert manager["Vendor"] == "Acme Gov Systems"
    assert manager["Contract numbers"] == "PM-0001"
    assert manager["Lots"] == "PM-0001: 3"
    assert manager["Data protection: confirmed breach notice (hours)"] == "24"
    assert solutions["acme-desktop-suite"]["Data protection: confirmed breach notice (hours)"] == "72"
    assert manager["Status"] == "active"
    assert manager["Page"] == "https://catalog.example.gov/solutions/acme-case-manager/"
    vendors = {row["ID"]: row for row in read_rows(api / "vendors.csv")}
    assert vendors["blue-river"]["Name"] == "Blue River & Sons"
    assert vendors["acme-gov"]["Socio-economic certifications"] == "sdvob until 2030-01-01"


def test_a_solution_on_two_contracts_is_one_row_with_each_contracts_value(
    project: Path, tmp_path: Path
) -> None:
    contracts = project / "catalog" / "contracts"
    second = contracts / "umbrella-second.yaml"
    shutil.copy(contracts / "umbrella-software.yaml", second)
    replace_in(second, "id: umbrella-software", "id: umbrella-second")
    replace_in(second, "number: PM-0001", "number: PM-0002")
    replace_in(second, "per_claim: 5000000, aggregate: 5000000", "per_claim: 10000000, aggregate: 10000000")
    suite = project / "catalog" / "solutions" / "acme-desktop-suite.yaml"
    replace_in(
        suite,
        '  - {contract: umbrella-software, lots: ["1"]}',
        '  - {contract: umbrella-software, lots: ["1"]}\n  - {contract: umbrella-second}',
    )
    export_site(project, tmp_path / "site")
    rows = {row["ID"]: row for row in read_rows(tmp_path / "site/api/v1/solutions.csv")}
    suite_row = rows["acme-desktop-suite"]
    assert len(rows) == 3
    assert suite_row["Contract numbers"] == "PM-0001; PM-0002"
    assert (
        suite_row["Insurance: cyber and privacy liability, per claim (USD)"]
        == "PM-0001: 5000000; PM-0002: 10000000"
    )
    assert suite_row["Data protection: confirmed breach notice (hours)"] == "72"  # the same under both


def test_contributor_text_cannot_become_a_formula(project: Path, tmp_path: Path) -> None:
    replace_in(
        project / "catalog/solutions/acme-desktop-suite.yaml",
        "summary: Office software licences",
        'summary: "=HYPERLINK(\\"https://evil.example\\",\\"Click\\")"',
    )
    replace_in(
        project / "catalog/vendors/blue-river.yaml", "\nname: Blue River & Sons\n", '\nname: "@SUM(1+1)"\n'
    )
    export_site(project, tmp_path / "site")
    api = tmp_path / "site" / "api" / "v1"
    solutions = {row["ID"]: row for row in read_rows(api / "solutions.csv")}
    assert solutions["acme-desktop-suite"]["Summary"] == '\'=HYPERLINK("https://evil.example","Click")'
    assert solutions["blue-river-training"]["Vendor"] == "'@SUM(1+1)"
    vendors = {row["ID"]: row for row in read_rows(api / "vendors.csv")}
    assert vendors["blue-river"]["Name"] == "'@SUM(1+1)"
    for kind in ("solutions", "contracts", "vendors"):
        for row in read_rows(api / f"{kind}.csv"):
            for header, value in row.items():
                is_number = value.lstrip("-").replace(".", "", 1).isdigit()
                assert is_number or not value.startswith(("=", "+", "-", "@", "\t", "\r")), (
                    kind,
                    header,
                    value,
                )


def test_cells_and_headers() -> None:
    assert neutralise("-1+cmd") == "'-1+cmd"
    assert neutralise("\tx") == "'\tx"
    assert cell(-5) == "-5"  # a number the build computed (days past an end date) stays a number
    assert cell("-5") == "'-5"  # the same characters written by a contributor do not
    assert cell(["=a", "b"]) == "'=a; b"
    assert cell(True) == "yes"
    assert cell(None) == ""
    assert cell(1.5) == "1.5"
    assert (
        term_header("insurance.coverages.crime.per_claim", "EUR")
        == "Insurance: crime / fidelity, per claim (EUR)"
    )
    assert (
        term_header("data_protection.data_return_days", "USD")
        == "Data protection: data returned within (days)"
    )
