"""`catalog new solution … --category --risk-tier --data`: what the terms policy requires for the
choices is laid out as required, with the limit to meet, so validation finds only placeholders."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from site_builder import yamlsafe
from site_builder.content import PLACEHOLDER
from site_builder.needs import CHOICE_FIELDS, REGULATED_FIELD, allowed_values
from site_builder.pipeline import check, open_project
from site_builder.scaffold import Request, create

# A demo contract whose terms fall short of the policy for high-risk solutions holding
# restricted data: its breach notice, insurance limits and carve-outs.
SHORT = "harborline-it-umbrella"
VENDOR = "harborline-data-systems"


def choices_covering_every_value(schemas: Any) -> list[tuple[str, str, str, tuple[str, ...]]]:
    """Combinations in which every category, risk tier, classification and regulated kind the
    schema allows appears at least once (the full product is ~120 scaffolds: too slow to test)."""
    categories, tiers, levels = (allowed_values(schemas, field) for field in CHOICE_FIELDS)
    regulated = allowed_values(schemas, REGULATED_FIELD)
    count = max(len(categories), len(tiers), len(levels), len(regulated))
    return [
        (
            categories[i % len(categories)],
            tiers[i % len(tiers)],
            levels[i % len(levels)],
            (regulated[i],) if i < len(regulated) else (),
        )
        for i in range(count)
    ]


def test_every_choice_leaves_only_placeholders(demo_project: Path) -> None:
    """Whatever the choices, the scaffold lays out everything the policy will ask: the only
    findings on the new files are their placeholders."""
    schemas = open_project(demo_project).schemas.by_file
    combos = choices_covering_every_value(schemas)
    files = []
    for index, (category, tier, level, regulated) in enumerate(combos):
        request = Request(
            "solution", f"combo-{index}", VENDOR, (SHORT,), None, category, tier, level, regulated
        )
        files.append(str(create(demo_project, request).relative_to(demo_project)))
    problems = [p for p in check(demo_project).report.problems if p.file in files]
    assert {p.rule for p in problems} == {"placeholder"}, [p for p in problems if p.rule != "placeholder"]
    laid_out = "\n".join((demo_project / file).read_text(encoding="utf-8") for file in files)
    for field in ("terms_overrides:", "authorizations:", "attestations:", "accessibility:"):
        assert f"\n{field}" in laid_out  # some choice asked for each


def test_overrides_name_the_limit_and_filled_they_validate(demo_project: Path) -> None:
    path = create(
        demo_project,
        Request("solution", "harbor-vault", VENDOR, (SHORT,), None, "saas", "high", "restricted"),
    )
    text = path.read_text(encoding="utf-8")
    assert 'per_claim: "FILL IN: at least $10M, if your company agrees to it' in text
    assert 'confirmed_breach_hours: "FILL IN: at most 24 h, if your company agrees' in text
    assert "FedRAMP High authorization" in text  # the credential the policy accepts, named
    data, problems = yamlsafe.load(text, str(path))
    assert problems == []
    overrides = data["terms_overrides"]
    coverages = overrides["insurance"]["coverages"]
    assert set(coverages) == {"cyber_privacy_liability", "technology_errors_omissions"}
    # What the vendor agrees to, at the limits the placeholders name.
    coverages["cyber_privacy_liability"]["per_claim"] = 10_000_000
    coverages["technology_errors_omissions"]["per_claim"] = 5_000_000
    overrides["data_protection"]["breach_notification"]["confirmed_breach_hours"] = 24
    # The contract is an award: its carve-outs are its vehicle's, as every order gets them.
    contract = check(demo_project).catalog.contracts[SHORT]
    carve_outs = contract.terms["limitation_of_liability"]["carve_outs"]
    overrides["limitation_of_liability"]["carve_outs"] = [*carve_outs, "data_breach"]
    data.update(
        name="Harbor Vault",
        summary="Encrypted records storage for agencies.",
        deployment_model="government_cloud",
        authorizations=[
            {
                "program": "fedramp",
                "level": "high",
                "status": "authorized",
                "authorized": "2026-01-15",
                "last_continuous_monitoring": "2026-11-01",
                "evidence": {"description": "FedRAMP Marketplace listing"},
            }
        ],
        accessibility={"standard": "WCAG 2.2 AA", "report_date": "2026-06-01", "conformance": "supports"},
        catalog_approval={
            "approver_role": "Chief Information Security Officer",
            "date": "2026-06-02",
            "security_review": "SR-2026-090",
        },
        instruments=[
            {
                "id": "rider-7",
                "type": "rider",
                "title": "Rider 7",
                "date": "2026-06-01",
                "url": "https://procurement.example/riders/7.pdf",
                "signatories": [
                    {"name": "Dana Ruiz", "role": "Chief Procurement Officer", "party": "purchaser"}
                ],
                "covers": sorted(overrides),
            }
        ],
    )
    assert PLACEHOLDER not in repr(data)
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    problems = [p for p in check(demo_project).report.problems if p.file.endswith("harbor-vault.yaml")]
    assert problems == []


def test_without_choices_the_file_says_how_to_get_them(project: Path, run_cli: Any) -> None:
    result = run_cli("-C", project, "new", "solution", "plain", "--vendor", "acme-gov")
    assert result.exit_code == 0, result.stderr
    lines = (project / "catalog/solutions/plain.yaml").read_text(encoding="utf-8").splitlines()
    text = " ".join(line.removeprefix("# ") for line in lines if line.startswith("# "))
    assert "give the choices it depends on: `catalog new solution ID --vendor V --contract C" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["solution", "x-sol", "--category", "sass"],
            '--category "sass" is not allowed; did you mean "saas"?',
        ),
        (["solution", "x-sol", "--risk-tier", "hi"], '--risk-tier "hi" is not allowed'),
        (["solution", "x-sol", "--data", "secret"], "use one of: public"),
        (["solution", "x-sol", "--regulated", "hipaa"], '--regulated "hipaa" is not allowed'),
        (["vendor", "x-vendor", "--category", "saas"], "--category applies only to a solution"),
        (["solution", "x-sol", "--jurisdiction", "US-NY"], "--jurisdiction applies only to a contract"),
        (["contract", "x-con", "--jurisdiction", "New York"], "is not a code such as US-NY"),
    ],
)
def test_bad_choices_are_refused(project: Path, run_cli: Any, args: list[str], message: str) -> None:
    result = run_cli("-C", project, "new", *args)
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert not list((project / "catalog").rglob("x*.yaml"))
