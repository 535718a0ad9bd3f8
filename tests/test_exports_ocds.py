"""The OCDS 1.1 release package: valid against the project's subset schema, one release per contract."""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from test_exports_support import SITE_URL, export_site, read_gzipped_json, replace_in, yaml_files

from site_builder.exports.ocds import DOCUMENT_TYPES, SCALES, STANDARD_EXTENSIONS
from site_builder.exports.recordform import apply_changes
from site_builder.exports.settings import DEFAULT_OCDS_PREFIX, ExportSettings, make_settings, read_settings
from site_builder.pipeline import check
from site_builder.problems import ConfigError

EXPORTS = files("site_builder.exports")


def subset_schema() -> dict[str, Any]:
    return json.loads(EXPORTS.joinpath("ocds_subset.schema.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def validate(package: dict[str, Any]) -> list[str]:
    validator = Draft202012Validator(subset_schema(), format_checker=FormatChecker())
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(package)]


def package_of(site: Path) -> dict[str, Any]:
    return read_gzipped_json(site / "api/v1/ocds-release-package.json.gz")  # type: ignore[no-any-return]


def test_the_subset_schema_is_a_valid_schema_and_covers_every_mapped_code() -> None:
    schema = subset_schema()
    Draft202012Validator.check_schema(schema)
    codes = schema["$defs"]
    assert set(DOCUMENT_TYPES.values()) <= set(codes["documentType"]["enum"])
    assert set(SCALES.values()) <= set(codes["partyScale"]["enum"])


@pytest.mark.parametrize("fixture", ["project", "demo_project"])
def test_package_validates_and_has_one_release_per_contract_file(
    fixture: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    root: Path = request.getfixturevalue(fixture)
    export_site(root, tmp_path / "site", make_settings(SITE_URL, "ocds-t3st01"))
    package = package_of(tmp_path / "site")
    assert validate(package) == []
    # One process per vehicle (its awards are the process's awards) and per stand-alone contract.
    files = yaml_files(root)
    awards = {
        c for c in files["contracts"] if "\nvehicle: " in (root / f"catalog/contracts/{c}.yaml").read_text()
    }
    processes = sorted((files["contracts"] - awards) | files["vehicles"])
    assert sorted(r["ocid"] for r in package["releases"]) == [f"ocds-t3st01-{p}" for p in processes]
    contracts = sorted(c["id"] for r in package["releases"] for c in r["contracts"])
    assert contracts == sorted(files["contracts"])  # one OCDS contract per catalog contract
    assert package["version"] == "1.1"
    assert package["uri"] == f"{SITE_URL}api/v1/ocds-release-package.json.gz"
    assert package["extensions"] == [*STANDARD_EXTENSIONS, f"{SITE_URL}api/v1/ocds-extension/extension.json"]
    solutions = yaml_files(root)["solutions"]
    items = {i["id"] for r in package["releases"] for c in r["contracts"] for i in c.get("items", [])}
    assert items == solutions  # every solution is an item of at least one contract


def test_release_maps_the_framework_agreement(project: Path, tmp_path: Path) -> None:
    export_site(project, tmp_path / "site")
    (release,) = package_of(tmp_path / "site")["releases"]
    assert release["ocid"] == f"{DEFAULT_OCDS_PREFIX}-umbrella-software"
    assert release["tag"] == ["award", "contract"]
    assert release["initiationType"] == "tender"
    authority, supplier = release["parties"]
    assert authority["roles"] == ["procuringEntity"]
    assert release["tender"]["procuringEntity"] == {
        "id": authority["id"],
        "name": "Office of General Services (test)",
    }
    assert "buyer" not in release  # every eligible purchaser may order: no single buyer
    assert release["tender"]["techniques"] == {
        "hasFrameworkAgreement": True,
        "frameworkAgreement": {"buyerCategories": "State agency; Local government"},
    }
    assert supplier["roles"] == ["supplier"]
    assert supplier["identifier"] == {
        "scheme": "US-EIN",
        "id": "00-0000101",
        "legalName": "Acme Gov Systems, Inc.",
    }
    assert supplier["details"] == {"scale": "sme"}
    (award,) = release["awards"]
    assert award["suppliers"] == [{"id": supplier["id"], "name": supplier["name"]}]
    assert award["date"] == "2024-01-15T00:00:00Z"
    (contract,) = release["contracts"]
    assert contract["awardID"] == award["id"]
    assert contract["status"] == "active"
    assert contract["period"] == {
        "startDate": "2024-02-01T00:00:00Z",
        "endDate": "2029-01-31T23:59:59Z",
        "maxExtentDate": "2034-01-31T23:59:59Z",
    }
    assert contract["documents"][0]["documentType"] == "contractSigned"
    items = {i["id"]: i for i in contract["items"]}
    assert items["acme-case-manager"]["relatedLot"] == "3"
    assert items["acme-case-manager"]["classification"]["scheme"] == "CATALOG-CATEGORY"
    # Only a solution that tightens the contract carries terms: only the terms it changes.
    changed = items["acme-case-manager"]["preNegotiatedTermsChanges"]
    assert changed == {"data_protection": {"breach_notification": {"confirmed_breach_hours": 24}}}
    effective = apply_changes(contract["preNegotiatedTerms"], changed)
    assert effective == check(project).catalog.solutions["acme-case-manager"].offerings[0].effective_terms
    assert "preNegotiatedTermsChanges" not in items["acme-desktop-suite"]
    # An item is described by its solution's name; the summary stays in the solution's record.
    solutions = check(project).catalog.solutions
    for item_id, item in items.items():
        assert item["description"] == solutions[item_id].name
    assert not any("preNegotiatedTerms" in item for item in items.values())
    assert contract["preNegotiatedTerms"]["limitation_of_liability"]["multiple"] == 2


def test_release_id_changes_exactly_when_the_release_does(project: Path, tmp_path: Path) -> None:
    def release_id(name: str) -> str:
        export_site(project, tmp_path / name)
        return str(package_of(tmp_path / name)["releases"][0]["id"])

    first = release_id("one")
    replace_in(project / "catalog/vendors/blue-river.yaml", "name: Contract office", "name: Contracts desk")
    assert release_id("two") == first  # blue-river is not a party to the contract
    replace_in(
        project / "catalog/contracts/umbrella-software.yaml",
        "cyber_privacy_liability: {per_claim: 5000000",
        "cyber_privacy_liability: {per_claim: 6000000",
    )
    assert release_id("three") != first


def test_prefix_comes_from_mkdocs_yml_and_a_bad_one_is_a_config_error(project: Path) -> None:
    config = project / "mkdocs.yml"
    replace_in(config, "  - catalog\n", "  - catalog:\n      ocds_prefix: ocds-abc123\n")
    assert read_settings(project) == ExportSettings("https://catalog.example.gov/", "ocds-abc123")
    replace_in(config, "ocds-abc123", "OCDS-nope")
    with pytest.raises(ConfigError) as caught:
        read_settings(project)
    assert "ocds_prefix" in caught.value.problems[0].hint


def test_the_project_extension_is_published_and_declares_what_the_package_uses(
    project: Path, tmp_path: Path
) -> None:
    export_site(project, tmp_path / "site", make_settings(SITE_URL, None))
    folder = tmp_path / "site/api/v1/ocds-extension"
    metadata = json.loads((folder / "extension.json").read_text(encoding="utf-8"))
    assert metadata["compatibility"] == ["1.1"]
    assert metadata["schemas"] == ["release-schema.json"]
    assert metadata["documentationUrl"] == {"en": f"{SITE_URL}api/v1/ocds-extension/README.md"}
    patch = json.loads((folder / "release-schema.json").read_text(encoding="utf-8"))
    added = {name: set(d["properties"]) for name, d in patch["definitions"].items()}
    assert added == {
        "Contract": {"preNegotiatedTerms"},
        "Item": {"preNegotiatedTermsChanges"},
        "Tender": {"preNegotiatedTerms"},
    }
    assert "preNegotiatedTerms" in (folder / "README.md").read_text(encoding="utf-8")
    # The subset schema allows these fields exactly where the patch adds them.
    defs = subset_schema()["$defs"]
    assert "preNegotiatedTerms" in defs["Contract"]["properties"]
    assert "preNegotiatedTermsChanges" in defs["Item"]["properties"]


def test_eligibility_and_participating_addenda_are_published(demo_project: Path, tmp_path: Path) -> None:
    export_site(demo_project, tmp_path / "site")
    releases = {r["ocid"].rsplit("-", 1)[0]: r for r in package_of(tmp_path / "site")["releases"]}
    by_contract = {r["tender"]["id"]: r for r in releases.values()}
    cooperative = by_contract["mesa-pine-cyber-response"]
    categories = cooperative["tender"]["techniques"]["frameworkAgreement"]["buyerCategories"]
    assert categories.startswith("State agency (participating addendum PA-XE-4417); Local government")
    (contract,) = cooperative["contracts"]
    addenda = [d for d in contract["documents"] if d["title"].startswith("Participating addendum:")]
    assert [d["title"] for d in addenda] == [
        "Participating addendum: State of Example, Office of General Services (fictional) (PA-XE-4417)",
        "Participating addendum: Commonwealth of Eastbrook, Department of Administration (fictional)",
    ]
    first = addenda[0]
    assert first["documentType"] == "contractAnnexe"
    assert first["datePublished"] == "2024-09-16T00:00:00Z"
    assert "local term: Orders placed by State of Example buyers are governed by" in first["description"]
    assert "url" not in addenda[1]  # recorded without its document: published without a url
    language = by_contract["lumiere-language-access"]["tender"]["techniques"]["frameworkAgreement"]
    assert "only Harbor County (fictional), by its own participating addendum" in language["buyerCategories"]
    federal = by_contract["obriens-gsa-schedule"]["tender"]["techniques"]["frameworkAgreement"]
    assert "Conditions: Only through GSA's Disaster Purchasing program" in federal["buyerCategories"]


def test_a_vehicle_is_one_framework_process_with_an_award_and_a_contract_per_vendor(
    demo_project: Path, tmp_path: Path
) -> None:
    export_site(demo_project, tmp_path / "site", make_settings(SITE_URL, "ocds-t3st01"))
    releases = {r["ocid"]: r for r in package_of(tmp_path / "site")["releases"]}
    release = releases["ocds-t3st01-ogs-it-umbrella-73600"]
    tender = release["tender"]
    assert tender["procurementMethod"] == "open"
    assert tender["techniques"]["hasFrameworkAgreement"] is True
    assert tender["techniques"]["frameworkAgreement"]["method"] == "withReopeningCompetition"
    assert [lot["id"] for lot in tender["lots"]] == ["1", "2", "3", "4"]
    assert tender["value"] == {"amount": 750000000, "currency": "USD"}
    assert (
        tender["preNegotiatedTerms"]["data_protection"]["breach_notification"]["confirmed_breach_hours"] == 48
    )
    suppliers = [a["suppliers"][0]["name"] for a in release["awards"]]
    assert len(set(suppliers)) == len(suppliers) == 3
    by_award = {c["awardID"]: c for c in release["contracts"]}
    assert sorted(by_award) == sorted(a["id"] for a in release["awards"])
    lots = {a["id"]: a["relatedLots"] for a in release["awards"]}
    assert lots["bluestem-identity-umbrella-award"] == ["1", "2", "3"]
    # Each contract carries its terms as ordered: the vehicle's with the award's tightenings.
    bluestem = by_award["bluestem-identity-umbrella-award"]["preNegotiatedTerms"]
    assert bluestem["data_protection"]["breach_notification"]["confirmed_breach_hours"] == 24
    assert bluestem["data_protection"]["data_ownership"] == "purchaser"  # from the vehicle
    # No stand-alone contract is folded into a vehicle's process, nor the other way round.
    assert "ocds-t3st01-bluestem-identity-umbrella" not in releases


def test_every_items_changes_merged_onto_its_contracts_terms_are_its_terms(
    demo_project: Path, tmp_path: Path
) -> None:
    """Every item of the demo's package: the contract's preNegotiatedTerms with the item's
    preNegotiatedTermsChanges merged in (objects merge, anything else replaces) are the terms its
    solution is ordered under, and an item that changes nothing has no changes."""
    export_site(demo_project, tmp_path / "site")
    solutions = check(demo_project).catalog.solutions
    checked = 0
    for release in package_of(tmp_path / "site")["releases"]:
        for contract in release.get("contracts", []):
            for item in contract.get("items", []):
                (offering,) = [o for o in solutions[item["id"]].offerings if o.contract_id == contract["id"]]
                changes = item.get("preNegotiatedTermsChanges", {})
                assert apply_changes(contract["preNegotiatedTerms"], changes) == offering.effective_terms
                assert changes != {} or "preNegotiatedTermsChanges" not in item
                checked += 1
    assert checked >= 40
