"""The CSV files: RFC 4180 with a BOM, one row per entry, flat term columns, no formula injection."""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from test_exports_support import export_site, replace_in, unzipped_csv, yaml_files

from site_builder.exports.tabular import cell, neutralise, term_header


def read_rows(folder: Path, name: str) -> list[dict[str, str]]:
    """The rows of the CSV `name` as published in `folder` (in `<name>.zip`)."""
    raw = unzipped_csv(folder, name)
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
        raw = unzipped_csv(api, f"{kind}.csv")
        assert records_end_in_crlf(raw), kind
        rows = read_rows(api, f"{kind}.csv")
        assert [row["ID"] for row in rows] == sorted(on_disk[kind]), kind
        assert all(row["Source file"] == f"catalog/{kind}/{row['ID']}.yaml" for row in rows)


def test_terms_are_flat_named_columns_with_raw_numbers(project: Path, tmp_path: Path) -> None:
    export_site(project, tmp_path / "site")
    api = tmp_path / "site" / "api" / "v1"
    contracts = read_rows(api, "contracts.csv")
    (contract,) = contracts
    assert contract["Contract number"] == "PM-0001"
    assert contract["End"] == "2029-01-31"
    assert contract["Days left"] == "798"
    assert contract["Renewal decisions due"] == "2028-08-01"
    assert contract["Insurance: cyber and privacy liability, per claim (USD)"] == "5000000"
    assert contract["Limitation of liability: carve-outs"].split("; ")[0] == "ip_infringement_indemnity"
    assert contract["Termination: termination for convenience"] == "yes"
    solutions = {row["ID"]: row for row in read_rows(api, "solutions.csv")}
    manager = solutions["acme-case-manager"]
    assert manager["Vendor"] == "Acme Gov Systems"
    assert manager["Contract IDs"] == "umbrella-software"
    assert manager["Lots"] == "PM-0001: 3"
    # A contract's terms are in contracts.csv once; a solution's row has what it changes.
    breach = "Data protection: confirmed breach notice (hours)"
    assert contract[breach] == "72"
    assert manager[f"Changed from the contract: {breach}"] == "24"
    assert solutions["acme-desktop-suite"][f"Changed from the contract: {breach}"] == ""
    changed = [h for h in manager if h.startswith("Changed from the contract: ")]
    assert changed == [f"Changed from the contract: {breach}"]
    assert breach not in manager
    assert manager["Status"] == "active"
    assert manager["Page"] == "https://catalog.example.gov/solutions/acme-case-manager/"
    vendors = {row["ID"]: row for row in read_rows(api, "vendors.csv")}
    assert vendors["blue-river"]["Name"] == "Blue River & Sons"
    assert vendors["acme-gov"]["Socio-economic certifications"] == "sdvob until 2030-01-01"


def also_offer_under_second(project: Path, solution: str, lot: str) -> None:
    """Offer a fixture solution under `umbrella-second` too, beside its lot of the first contract."""
    offering = f'  - {{contract: umbrella-software, lots: ["{lot}"]}}'
    replace_in(
        project / "catalog" / "solutions" / f"{solution}.yaml",
        offering,
        offering + "\n  - {contract: umbrella-second}",
    )


def test_a_solution_on_two_contracts_is_one_row_with_each_contracts_value(
    project: Path, tmp_path: Path
) -> None:
    contracts = project / "catalog" / "contracts"
    second = contracts / "umbrella-second.yaml"
    shutil.copy(contracts / "umbrella-software.yaml", second)
    replace_in(second, "id: umbrella-software", "id: umbrella-second")
    replace_in(second, "number: PM-0001", "number: PM-0002")
    replace_in(second, "per_claim: 5000000, aggregate: 5000000", "per_claim: 10000000, aggregate: 10000000")
    also_offer_under_second(project, "acme-desktop-suite", "1")
    export_site(project, tmp_path / "site")
    rows = {row["ID"]: row for row in read_rows(tmp_path / "site/api/v1", "solutions.csv")}
    suite_row = rows["acme-desktop-suite"]
    assert len(rows) == 3
    assert suite_row["Contract IDs"] == "umbrella-software; umbrella-second"
    # The suite changes nothing: each contract's terms are on its row of contracts.csv.
    assert suite_row["Changed from the contract: Data protection: confirmed breach notice (hours)"] == ""
    contracts = {row["ID"]: row for row in read_rows(tmp_path / "site/api/v1", "contracts.csv")}
    per_claim = "Insurance: cyber and privacy liability, per claim (USD)"
    assert (contracts["umbrella-software"][per_claim], contracts["umbrella-second"][per_claim]) == (
        "5000000",
        "10000000",
    )
    # A solution that changes a term under one contract only: the cell names that contract.
    replace_in(second, "confirmed_breach_hours: 72", "confirmed_breach_hours: 24")
    also_offer_under_second(project, "acme-case-manager", "3")
    export_site(project, tmp_path / "again")
    rows = {row["ID"]: row for row in read_rows(tmp_path / "again/api/v1", "solutions.csv")}
    breach = "Changed from the contract: Data protection: confirmed breach notice (hours)"
    assert rows["acme-case-manager"][breach] == "PM-0001: 24"
    assert rows["acme-desktop-suite"][breach] == ""


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
    solutions = {row["ID"]: row for row in read_rows(api, "solutions.csv")}
    assert solutions["acme-desktop-suite"]["Summary"] == '\'=HYPERLINK("https://evil.example","Click")'
    assert solutions["blue-river-training"]["Vendor"] == "'@SUM(1+1)"
    vendors = {row["ID"]: row for row in read_rows(api, "vendors.csv")}
    assert vendors["blue-river"]["Name"] == "'@SUM(1+1)"
    for kind in ("solutions", "contracts", "vendors"):
        for row in read_rows(api, f"{kind}.csv"):
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
    assert neutralise(' "=1+1') == " \"'=1+1"  # an import that drops the spaces and quotes sees text
    assert neutralise("Permit;=HYPERLINK(AE2);-2+3+cmd|' /C calc'!A0;") == (
        "Permit;'=HYPERLINK(AE2);'-2+3+cmd|' /C calc'!A0;"
    )
    assert neutralise("Net 30; -5") == "Net 30; -5"  # a number after a separator stays a number
    assert neutralise("desk; +1 518 555 0100") == "desk; '+1 518 555 0100"
    assert neutralise('x, "@SUM(A1)') == "x, \"'@SUM(A1)"
    assert neutralise("Acme - Records, a@b.example") == "Acme - Records, a@b.example"
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


# The attack as filed: an unquoted cell that a `;` import splits into formulas.
PAYLOAD = "Permit software;=HYPERLINK(AE2);-2+3+cmd|' /C calc'!A0;"
NUMBER = re.compile(r"[-+]?[0-9]+(?:[.,][0-9]+)?")
RISKY = ("=", "+", "-", "@")
# (delimiter, honour quotes): how a spreadsheet in another locale, or with other options, reads it.
READINGS = [(d, q) for d in (",", ";", "\t") for q in (True, False)]


@pytest.fixture
def hostile_export(project: Path, tmp_path: Path) -> Path:
    """The exports of a catalog whose valid text is full of formula starts after separators."""
    replace_in(
        project / "catalog/solutions/acme-desktop-suite.yaml",
        "summary: Office software licences",
        f'summary: "{PAYLOAD}"',
    )
    replace_in(
        project / "catalog/vendors/blue-river.yaml", "\nname: Blue River & Sons\n", '\nname: "@SUM(1+1)"\n'
    )
    replace_in(project / "catalog/vendors/acme-gov.yaml", "name: Sales desk", 'name: "Sales, =1+1 | +cmd"')
    export_site(project, tmp_path / "site")
    return tmp_path / "site" / "api" / "v1"


def cells(raw: bytes, delimiter: str, quotes: bool) -> list[str]:
    text = raw.decode("utf-8-sig")
    if quotes:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    else:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quoting=csv.QUOTE_NONE)
    return [value for row in reader for value in row]


@pytest.mark.parametrize(("delimiter", "quotes"), READINGS)
def test_no_reading_of_any_csv_starts_a_cell_with_a_formula(
    hostile_export: Path, delimiter: str, quotes: bool
) -> None:
    for name in ("solutions.csv", "contracts.csv", "vendors.csv"):
        raw = unzipped_csv(hostile_export, name)
        assert raw.decode("utf-8-sig").startswith("ID,")  # quoted only where a cell needs it
        for value in cells(raw, delimiter, quotes):
            start = value.strip(' "')
            assert not start.startswith(RISKY) or NUMBER.fullmatch(start), (name, delimiter, quotes, value)
    rows = {row["ID"]: row for row in read_rows(hostile_export, "solutions.csv")}
    assert (
        rows["acme-desktop-suite"]["Summary"] == "Permit software;'=HYPERLINK(AE2);'-2+3+cmd|' /C calc'!A0;"
    )


def test_cells_are_quoted_only_where_rfc_4180_needs_it(hostile_export: Path) -> None:
    """No empty `""` cells and no quotes around plain words; a comma, quote or line break is
    quoted, and every reader gets the same cells back."""
    raw = unzipped_csv(hostile_export, "solutions.csv").decode("utf-8-sig")
    assert ',"",' not in raw
    assert ",," in raw  # empty cells are empty
    plain = 0
    for line in raw.split("\r\n")[:-1]:  # no line breaks in one-line fields (validation refuses them)
        values = next(csv.reader([line]))
        if not any(c in value for value in values for c in ',"'):
            assert '"' not in line, line
            plain += 1
    assert plain >= 2  # the header and a row
    rows = read_rows(hostile_export, "solutions.csv")
    assert rows[0]["ID"] == "acme-case-manager"


def test_the_readings_do_find_formulas_in_a_csv_written_the_old_way() -> None:
    """The test above can fail: the same text, quoted only where needed and neutralised only at
    the start, puts a formula at the start of a cell in a `;` reading."""
    buffer = io.StringIO()
    csv.writer(buffer, quoting=csv.QUOTE_MINIMAL).writerow(["acme", PAYLOAD])
    starts = [v.strip(' "') for v in cells(buffer.getvalue().encode(), ";", False)]
    assert any(v.startswith(RISKY) and not NUMBER.fullmatch(v) for v in starts), starts


def test_a_tab_or_line_break_in_a_one_line_field_is_refused_at_validation(project: Path, run_cli) -> None:
    replace_in(
        project / "catalog/vendors/blue-river.yaml", "\nname: Blue River & Sons\n", '\nname: "Blue\\t=1+1"\n'
    )
    result = run_cli("-C", project, "validate", "--format", "parsable")
    assert result.exit_code == 1
    assert (
        'catalog/vendors/blue-river.yaml:2:1: [error] "name" contains a tab (U+0009) at character 5'
        in result.output
    )


# LibreOffice's CSV import options: separator, string delimiter, UTF-8, from line 1, standard
# columns, English, quoted fields not forced to text, special numbers detected, and (13th)
# "Evaluate formulas" on: the setting under which a formula would run.
LIBREOFFICE_READINGS = [
    f"{sep},{quote},76,1,,1033,false,true,false,false,false,-1,true"
    for sep in ("44", "59", "9")
    for quote in ("34", "")
]


def convert_with_libreoffice(files: list[Path], options: str, out: Path) -> list[str]:
    """Every formula LibreOffice Calc finds when it imports `files` with `options`."""
    soffice = shutil.which("soffice")
    if soffice is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice (soffice) is missing: ./dev test installs libreoffice-calc-nogui")
        pytest.skip("LibreOffice is not installed (./dev test installs it)")
    out.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        [soffice, "--headless", "--norestore", "--nologo", f"-env:UserInstallation=file://{out}/profile",
         f"--infilter=Text - txt - csv (StarCalc):{options}", "--convert-to", "fods", "--outdir", str(out),
         *map(str, files)],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    formulas = []
    for source in files:
        converted = out / f"{source.stem}.fods"
        assert converted.is_file(), done.stdout + done.stderr
        formulas += re.findall(r'table:formula="([^"]*)"', converted.read_text(encoding="utf-8"))
    return formulas


@pytest.mark.slow
def test_libreoffice_finds_no_formula_in_any_reading(hostile_export: Path, tmp_path: Path) -> None:
    control = tmp_path / "control.csv"
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows([["ID", "Summary"], ["acme", PAYLOAD], ["blue", "=1+1"]])
    control.write_text(buffer.getvalue(), encoding="utf-8")
    # The files a person gets by unzipping what the site publishes.
    ours = []
    for name in ("solutions.csv", "contracts.csv", "vendors.csv"):
        (tmp_path / "unzipped").mkdir(exist_ok=True)
        ours.append(tmp_path / "unzipped" / name)
        ours[-1].write_bytes(unzipped_csv(hostile_export, name))
    found_in_control = []
    for index, options in enumerate(LIBREOFFICE_READINGS):
        out = tmp_path / f"reading-{index}"
        assert convert_with_libreoffice(ours, options, out / "ours") == [], options
        found_in_control += convert_with_libreoffice([control], options, out / "control")
    # The same import settings do turn the unprotected text into formulas: the check is real.
    assert any("HYPERLINK" in formula for formula in found_in_control), found_in_control


def test_eligibility_and_credentials_have_their_columns(demo_project: Path, tmp_path: Path) -> None:
    export_site(demo_project, tmp_path / "site")
    api = tmp_path / "site" / "api" / "v1"
    contracts = {row["ID"]: row for row in read_rows(api, "contracts.csv")}
    cooperative = contracts["mesa-pine-cyber-response"]
    assert cooperative["Awarded by (origin)"] == "other_state"
    assert cooperative["Awarding government"] == "US-XN"
    assert cooperative["May order today"] == "state_agency; local_government; school_district"
    assert cooperative["Participating addenda"].startswith(
        "State of Example, Office of General Services (fictional) (PA-XE-4417), signed 2024-09-16"
    )
    assert contracts["lumiere-language-access"]["May order today"] == "state_agency"
    assert (
        contracts["obriens-gsa-schedule"]["Federal programs"]
        == "gsa_disaster_purchasing; gsa_cooperative_purchasing"
    )
    solutions = {row["ID"]: row for row in read_rows(api, "solutions.csv")}
    team = solutions["mesa-pine-ransomware-recovery-team"]
    assert (
        team["Security credentials"] == "CJIS Security Addendum"
    )  # no cloud authorization for people on site
    assert team["Regulated data"] == "cji"
    sso = solutions["bluestem-workforce-sso"]["Security credentials"]
    assert sso.startswith("FedRAMP Moderate authorization (Authorized), continuous monitoring due by ")
