"""`catalog new`: scaffolded files validate with placeholder errors only, then clean once filled."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from site_builder import yamlsafe
from site_builder.content import PLACEHOLDER
from site_builder.pipeline import check
from site_builder.scaffold import ScaffoldError, new_entry

NEW = {
    "vendor": ("vendors", "harbor-light", ["--name", "Harbor Light"]),
    "vehicle": ("vehicles", "cloud-services-2027", ["--name", "Cloud Services 2027"]),
    "contract": ("contracts", "cloud-umbrella", ["--vendor", "acme-gov"]),
    "solution": ("solutions", "acme-forms", ["--vendor", "acme-gov", "--contract", "umbrella-software"]),
    "scenario": ("scenarios", "flood-outage", []),
}

# What a contributor would type for each placeholder, by field name; contract terms meet the
# fixture's policy so that the filled entry validates clean.
FILL: dict[str, Any] = {
    "name": "Filled name",
    "legal_name": "Harbor Light LLC",
    "role": "sales",
    "title": "Filled title",
    "number": "PM-0099",
    "vehicle_type": "umbrella",
    "solicitation_number": "22802",
    "procurement_method": "open",
    "orders_awarded": "with_reopening_competition",
    "start": "2026-01-01",
    "end": "2030-12-31",
    "buyer_types": "state_agency",
    "method": "rfq",
    "instructions": "Send a request for quote.",
    "included": True,
    "uncapped": True,
    "purchaser_indemnifies_vendor": False,
    "basis": "greater_of",
    "multiple": 2,
    "multiple_of": "annual_fees",
    "fixed_amount": 2000000,
    "lots_awarded": "2",
    "carve_outs": ["ip_infringement_indemnity", "bodily_injury_death", "tangible_property_damage"],
    "carrier_min_am_best": "A- VII",
    "per_occurrence": 1000000,
    "aggregate": 2000000,
    "per_claim": 10000000,
    "statutory": True,
    "data_ownership": "purchaser",
    "secondary_use_prohibited": True,
    "data_locations": "US",
    "confirmed_breach_hours": 24,
    "data_return_days": 30,
    "encryption_at_rest": True,
    "encryption_in_transit": True,
    "for_convenience": True,
    "convenience_notice_days": 30,
    "non_appropriation": True,
    "law": "US-NY",
    "no_malicious_code": True,
    "cancellation_notice_days": 30,
    "availability_percent": 99.9,
    "binding_arbitration": False,
    "summary": "Online forms for agencies",
    "category": "training",
    "deployment_model": "remote_service",
    "max_classification": "public",
    "risk_tier": "low",
    "threat": "natural_disaster",
    "description": "A flood takes the data centre offline.",
    "likelihood": "possible",
    "confidentiality": "low",
    "integrity": "low",
    "availability": "high",
    "triggers": "The data centre is flooded",
    "emergency_basis": "Services to residents stop.",
    "buyer_type": "state_agency",
    "authority": "state_agency_emergency",
    "plan": "competitive_solicitation",
    "start_by_day": 30,
    "ready_solutions": "acme-case-manager",
}


def fill(value: Any, key: str = "") -> Any:
    """Replace every placeholder as a contributor would, keeping everything else."""
    if isinstance(value, dict):
        return {k: fill(v, k) for k, v in value.items()}
    if isinstance(value, list):
        replaced = [fill(item, key) for item in value]
        return replaced[0] if len(replaced) == 1 and isinstance(replaced[0], list) else replaced
    if isinstance(value, str) and value.startswith(PLACEHOLDER):
        return FILL[key]
    return value


def load(path: Path) -> Any:
    data, problems = yamlsafe.load(path.read_text(encoding="utf-8"), str(path))
    assert problems == []
    return data


def placeholder_count(path: Path) -> int:
    return sum(
        line.count(f'"{PLACEHOLDER}:')
        for line in path.read_text(encoding="utf-8").splitlines()
        if not line.lstrip().startswith("#")
    )


@pytest.mark.parametrize("kind", NEW)
def test_scaffold_reports_only_its_placeholders(project: Path, run_cli: Any, kind: str) -> None:
    kinds, entry_id, options = NEW[kind]
    result = run_cli("-C", project, "new", kind, entry_id, *options)
    assert result.exit_code == 0, result.stderr
    path = project / "catalog" / kinds / f"{entry_id}.yaml"
    assert path.is_file()
    assert not path.stat().st_mode & 0o111  # catalog files must not be executable
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == f"# yaml-language-server: $schema=../../schema/{kind}.schema.json"

    report = check(project).report
    expected = placeholder_count(path)
    assert expected > 0
    assert {p.file for p in report.problems} == {f"catalog/{kinds}/{entry_id}.yaml"}, report.problems
    assert {p.rule for p in report.problems} == {"placeholder"}, report.problems
    assert len(report.problems) == expected
    assert all(p.line > 1 for p in report.problems)

    validated = run_cli("-C", project, "validate", path)
    assert validated.exit_code == 1
    assert "is still a placeholder" in validated.output


def test_placeholders_in_typed_fields_hide_their_schema_errors(project: Path) -> None:
    """A placeholder in a date, number, boolean, enum or list item is one error, not two."""
    new_entry(project, "contract", "typed", vendor="acme-gov", contract=None, name=None)
    problems = check(project).report.problems
    pointers = {p.pointer for p in problems}
    for pointer in (
        "/period/start",  # date: pattern and format
        "/vehicle_type",  # enum
        "/eligibility/buyer_types/0",  # pattern inside a list
        "/terms/limitation_of_liability/multiple",  # number
        "/terms/insurance/coverages/cyber_privacy_liability/per_claim",  # money
        "/terms/termination/for_convenience",  # boolean
    ):
        assert pointer in pointers
    assert {p.rule for p in problems} == {"placeholder"}


@pytest.mark.parametrize("kind", NEW)
def test_filled_scaffold_validates_clean(project: Path, kind: str) -> None:
    _kinds, entry_id, options = NEW[kind]
    vendor = options[options.index("--vendor") + 1] if "--vendor" in options else None
    contract = options[options.index("--contract") + 1] if "--contract" in options else None
    path = new_entry(project, kind, entry_id, vendor=vendor, contract=contract, name=None)
    filled = fill(load(path))
    if kind == "scenario":  # as the note over `authorities` says: cover every required buyer type
        filled["authorities"].append(
            {"buyer_type": "local_government", "authority": "local_government_emergency"}
        )
    path.write_text(json.dumps(filled, indent=2), encoding="utf-8")
    report = check(project).report
    assert report.problems == []


def test_award_under_a_vehicle_states_only_its_own(project: Path, run_cli: Any) -> None:
    """An award takes its vehicle's type, authority, lots, period and terms: the scaffold lays out
    only what the award states itself, and filled in it validates clean."""
    vehicle = new_entry(project, "vehicle", "cloud-services-2027", name="Cloud Services 2027")
    vehicle_data = {
        **fill(load(vehicle)),
        "lots": [{"id": "1", "name": "Cloud"}, {"id": "2", "name": "Backup"}],
    }
    vehicle.write_text(json.dumps(vehicle_data, indent=2), encoding="utf-8")
    result = run_cli(
        "-C",
        project,
        "new",
        "contract",
        "cloud-award",
        "--vendor",
        "acme-gov",
        "--vehicle",
        "cloud-services-2027",
    )
    assert result.exit_code == 0, result.stderr
    path = project / "catalog/contracts/cloud-award.yaml"
    text = path.read_text(encoding="utf-8")
    assert (
        'The award takes vehicle "cloud-services-2027"\'s type, authority, lots, period and common terms'
        in text
    )
    data = load(path)
    assert data["vehicle"] == "cloud-services-2027"
    assert not {"vehicle_type", "issuing_authority", "period", "terms"} & set(data)
    assert "# Lots of vehicle cloud-services-2027: 1 (Cloud), 2 (Backup)." in text
    problems = check(project).report.problems
    assert {p.file for p in problems} == {"catalog/contracts/cloud-award.yaml"}, problems
    assert {p.rule for p in problems} == {"placeholder"}, problems

    filled = fill(data)
    path.write_text(json.dumps(filled, indent=2), encoding="utf-8")
    assert check(project).report.problems == []


def test_contract_lays_out_every_term_family_the_policy_requires(project: Path) -> None:
    data = load(new_entry(project, "contract", "laid-out", vendor=None, contract=None, name="A title"))
    assert data["title"] == "A title"
    assert data["vendor"].startswith(PLACEHOLDER)
    assert list(data["terms"]) == [
        "indemnification",
        "limitation_of_liability",
        "insurance",
        "data_protection",
        "service_levels",
        "warranties",
        "termination",
        "governing_law",
    ]
    assert set(data["terms"]["insurance"]["coverages"]) == {
        "commercial_general_liability",
        "workers_compensation",
        "cyber_privacy_liability",
        "technology_errors_omissions",
    }


def test_comments_come_from_the_schemas(project: Path) -> None:
    text = new_entry(project, "vendor", "commented", vendor=None, contract=None, name=None).read_text()
    schema = json.loads((project / "schema" / "vendor.schema.json").read_text())
    assert f"# {schema['properties']['legal_name']['description']}\nlegal_name:" in text
    # optional fields worth filling are there, commented out
    assert "# Optional: The company's web site.\n# homepage:" in text
    # a solution names the lots of its contract
    solution = new_entry(project, "solution", "lots", vendor=None, contract="umbrella-software", name=None)
    assert "Lots of contract umbrella-software: 1 (Software), 3 (Cloud)." in solution.read_text()


@pytest.mark.parametrize(
    ("kind", "entry_id", "existing", "message"),
    [
        ("vendor", "acme-gov", None, "catalog/vendors/acme-gov.yaml already exists"),
        ("vendor", "acme-g0v", None, "too similar to catalog/vendors/acme-gov.yaml"),
        ("contract", "umbrella-softvvare", None, None),  # different enough: allowed
        ("solution", "acme-case-manager", None, "already exists"),
        ("vendor", "harbor", "Harbor.yaml", "too similar to catalog/vendors/Harbor.yaml"),
        ("vendor", "harbor", "harbor.yml", "catalog/vendors/harbor.yml already exists"),
    ],
)
def test_new_never_clobbers(
    project: Path, run_cli: Any, kind: str, entry_id: str, existing: str | None, message: str | None
) -> None:
    folder = project / "catalog" / f"{kind}s"
    if existing:
        (folder / existing).write_text("id: harbor\n", encoding="utf-8")
    before = {path: path.read_bytes() for path in folder.iterdir()}
    result = run_cli("-C", project, "new", kind, entry_id)
    if message is None:
        assert result.exit_code == 0, result.stderr
        return
    assert result.exit_code == 2
    assert message in result.stderr
    assert {path: path.read_bytes() for path in folder.iterdir()} == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["solution", "x-sol", "--vendor", "acme"], 'there is no vendor "acme"'),
        (["solution", "x-sol", "--vendor", "acme-gvo"], 'did you mean "acme-gov"?'),
        (["solution", "x-sol", "--contract", "umbrella"], 'there is no contract "umbrella"'),
        (["contract", "x-con", "--vendor", "../vendors/acme-gov"], "is not a valid vendor id"),
        (["vendor", "Acme-Two"], '"Acme-Two" is not a valid vendor id'),
        (["vendor", "a"], "is not a valid vendor id"),
        (["vendor", "x--y"], "is not a valid vendor id"),
        (["vendor", "x-vendor", "--vendor", "acme-gov"], "--vendor applies only to"),
        (["contract", "x-con", "--contract", "umbrella-software"], "--contract applies only to"),
        (["contract", "x-con", "--vehicle", "cloud-2027"], 'there is no vehicle "cloud-2027"'),
        (["solution", "x-sol", "--vehicle", "cloud-2027"], "--vehicle applies only to a contract"),
        (["vehicle", "x-veh", "--vendor", "acme-gov"], "--vendor applies only to"),
        (["vendor", "x-vendor", "--name", "Two\nlines"], "--name must be a single line"),
    ],
)
def test_bad_requests_are_refused(project: Path, run_cli: Any, args: list[str], message: str) -> None:
    before = sorted(p.relative_to(project) for p in (project / "catalog").rglob("*"))
    result = run_cli("-C", project, "new", *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert sorted(p.relative_to(project) for p in (project / "catalog").rglob("*")) == before


def test_new_entry_raises_scaffold_error(project: Path) -> None:
    with pytest.raises(ScaffoldError, match="unknown kind"):
        new_entry(project, "vendors", "plural-kind", vendor=None, contract=None, name=None)
