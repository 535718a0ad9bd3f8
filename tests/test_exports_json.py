"""`/api/v1/catalog.json` and the per-entry files: every entry, same counts as the YAML, computed fields."""

from __future__ import annotations

import io
import json
import os
import stat
from pathlib import Path
from typing import Any

import pytest
from test_exports_support import (
    export_site,
    full_catalog,
    gunzipped,
    read_gzipped_json,
    replace_in,
    unzipped_csv,
    yaml_files,
)

from site_builder.buildinfo import build_info
from site_builder.exports import catalog_json
from site_builder.exports.catalog_json import entry_meta, plain_document
from site_builder.exports.emergency_records import credential_in
from site_builder.exports.ical import calendar_ics
from site_builder.exports.ocds import release_package
from site_builder.exports.recordform import apply_changes
from site_builder.exports.recordform import published as published_record
from site_builder.exports.records import build_meta, build_records, contract_terms
from site_builder.exports.settings import read_settings
from site_builder.exports.tabular import csv_files
from site_builder.jsonout import Raw, Streamed, json_bytes, plain, write_json
from site_builder.model import KINDS, SINGULAR, STATUS_ORDER
from site_builder.pipeline import check
from site_builder.render.views import build_indexes


@pytest.fixture(params=["project", "demo_project"])
def any_project(request: pytest.FixtureRequest) -> Path:
    return request.getfixturevalue(request.param)  # type: ignore[no-any-return]


def test_every_yaml_file_is_one_entry_in_catalog_json_and_has_its_own_file(
    any_project: Path, tmp_path: Path
) -> None:
    export_site(any_project, tmp_path / "site")
    api = tmp_path / "site" / "api" / "v1"
    document = read_gzipped_json(api / "catalog.json.gz")
    index = json.loads((api / "index.json").read_text(encoding="utf-8"))
    on_disk = yaml_files(any_project)
    for kind in KINDS:
        ids = [record["id"] for record in document[kind]]
        assert ids == sorted(on_disk[kind]), kind
        assert document["meta"]["counts"][kind] == len(on_disk[kind])
        files = {p.stem for p in (api / kind).glob("*.json")}
        assert files == on_disk[kind], kind
        for record in document[kind]:
            single = json.loads((api / kind / f"{record['id']}.json").read_text(encoding="utf-8"))
            # The build's metadata is in index.json once; the entry file says which build it is.
            assert single["meta"] == {"source_commit": index["meta"]["source_commit"], "as_of": "2026-11-25"}
            if kind != "solutions":  # in full in both
                assert single[SINGULAR[kind]] == record
    assert {k: v for k, v in document["meta"].items() if not k.startswith("solution_")} == index["meta"]


def test_a_solution_is_in_full_only_in_its_own_file_and_an_index_row_in_catalog_json(
    any_project: Path, tmp_path: Path
) -> None:
    """Each full record is published once: catalog.json's row is what one picks records by, and
    every value in it is the record's own."""
    export_site(any_project, tmp_path / "site")
    site = tmp_path / "site"
    document = read_gzipped_json(site / "api/v1/catalog.json.gz")
    assert document["meta"]["solution_record"] == "api/v1/solutions/{id}.json"
    assert document["meta"]["solution_page"] == "solutions/{id}/"
    for row in document["solutions"]:
        assert list(row) == sorted(["id", "name", "vendor", "category", "contracts", "status", "orderable"])
        where = document["meta"]["solution_record"].format(id=row["id"])
        record = json.loads((site / where).read_text(encoding="utf-8"))["solution"]
        assert record["page"] == document["meta"]["solution_page"].format(id=row["id"])
        computed = record["computed"]
        assert row == {
            "id": record["id"],
            "name": record["name"],
            "vendor": record["vendor"],
            "category": record["category"],
            "contracts": [o["contract"] for o in computed["offerings"]],
            "status": computed["status"],
            "orderable": computed["orderable"],
        }


def test_streamed_catalog_json_is_json_bytes_of_the_whole_document(any_project: Path, tmp_path: Path) -> None:
    """Written record by record (and through their compressors), catalog.json, the OCDS package,
    the calendar and the CSV files are byte for byte what serializing each whole document at once
    gives, and what `catalog export` writes."""
    result = export_site(any_project, tmp_path / "site")
    info = build_info(any_project, result.catalog.today)
    settings = read_settings(result.project.root)
    meta = build_meta(result, info, settings)
    records = build_records(result)
    api = tmp_path / "site" / "api" / "v1"
    assert gunzipped(api / "catalog.json.gz") == json_bytes(plain_document(records, meta))
    package = json_bytes(plain(release_package(records, meta, settings)))
    assert gunzipped(api / "ocds-release-package.json.gz") == package
    assert (tmp_path / "site/calendar.ics").read_bytes() == calendar_ics(records, meta, settings)
    for name, content in csv_files(records, result.project.policy.currency, settings).items():
        assert unzipped_csv(api, name) == content
    stream = io.BytesIO()
    write_json(
        stream, {"b": Streamed(iter([{"y": 1, "x": [2]}, Raw(b'"t"')])), "a": {"c": Streamed(iter([]))}}
    )
    assert stream.getvalue() == json_bytes({"b": [{"y": 1, "x": [2]}, "t"], "a": {"c": []}})


@pytest.mark.parametrize("gathered", [True, False], ids=["gathered-writes", "writes-by-path"])
def test_every_entry_file_is_json_bytes_of_its_document_with_the_usual_permissions(
    any_project: Path, tmp_path: Path, gathered: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each per-entry file, written from its serialized parts, is `{"meta": ..., "<singular
    kind>": record}` with `meta` first, each part as `json_bytes` gives it, readable as any file
    the build writes: by one gathered write into the folder, and by path where the system has
    no such write (Windows)."""
    if gathered and not catalog_json.GATHERED_WRITES:
        pytest.skip("this system has no gathered writes into a directory descriptor")
    monkeypatch.setattr(catalog_json, "GATHERED_WRITES", gathered)
    result = export_site(any_project, tmp_path / "site")
    meta = build_meta(
        result, build_info(any_project, result.catalog.today), read_settings(result.project.root)
    )
    records = build_records(result)
    terms = contract_terms(records)
    api = tmp_path / "site" / "api" / "v1"
    umask = os.umask(0)
    os.umask(umask)
    head = json_bytes(entry_meta(meta)).rstrip(b"\n")
    checked = 0
    for kind in KINDS:
        for record in records[kind]:
            path = api / kind / f"{record['id']}.json"
            body = json_bytes(published_record(kind, record, terms)).rstrip(b"\n")
            expected = b'{"meta":' + head + b',"' + SINGULAR[kind].encode() + b'":' + body + b"}\n"
            assert path.read_bytes() == expected, path
            assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask
            checked += 1
    assert checked == sum(len(found) for found in records.values())
    assert sorted(p.name for p in (api / "solutions").iterdir()) == sorted(
        f"{r['id']}.json" for r in records["solutions"]
    )


def test_contract_terms_and_changed_terms_give_back_every_effective_term(
    any_project: Path, tmp_path: Path
) -> None:
    export_site(any_project, tmp_path / "site")
    document = full_catalog(tmp_path / "site")
    result = check(any_project)
    # An award's record keeps its own terms; what it is ordered under is computed.effective_terms.
    contracts = {c["id"]: c["computed"].get("effective_terms", c["terms"]) for c in document["contracts"]}
    offerings = 0
    for record in document["solutions"]:
        solution = result.catalog.solutions[record["id"]]
        for published, offering in zip(record["computed"]["offerings"], solution.offerings, strict=True):
            rebuilt = apply_changes(contracts[published["contract"]], published.get("changed_terms", {}))
            assert rebuilt == offering.effective_terms, record["id"]
            offerings += 1
    assert offerings >= len(document["solutions"])


def test_records_keep_the_yaml_and_add_computed_status_and_effective_terms(
    project: Path, tmp_path: Path
) -> None:
    export_site(project, tmp_path / "site")
    document = full_catalog(tmp_path / "site")
    contract = document["contracts"][0]
    assert contract["number"] == "PM-0001"
    assert contract["source"] == "catalog/contracts/umbrella-software.yaml"
    assert contract["page"] == "contracts/umbrella-software/"
    # 2029-01-31 is 798 days after the tests' as-of date, 2026-11-25.
    assert contract["computed"]["status"] == "active"
    assert contract["computed"]["days_left"] == 798
    assert contract["computed"]["solutions"] == [
        "acme-case-manager",
        "acme-desktop-suite",
        "blue-river-training",
    ]
    solutions = {s["id"]: s for s in document["solutions"]}
    manager = solutions["acme-case-manager"]
    (offering,) = manager["computed"]["offerings"]
    # The contract's number and status are in the contract's record, once.
    assert sorted(offering) == ["changed_terms", "contract"]
    assert offering["contract"] == contract["id"]
    assert manager["offered_under"] == [{"contract": contract["id"], "lots": ["3"]}]  # the lots, once
    # The solution's override tightens the contract's 72 hours; only that term is given.
    assert offering["changed_terms"] == {
        "data_protection": {"breach_notification": {"confirmed_breach_hours": 24}}
    }
    assert contract["terms"]["data_protection"]["breach_notification"]["confirmed_breach_hours"] == 72
    desktop = solutions["acme-desktop-suite"]["computed"]["offerings"][0]
    assert desktop == {"contract": contract["id"]}  # changes nothing
    assert manager["computed"]["scenarios"] == ["ransomware-agency"]
    # An authorization has no expiry of its own: it lapses when continuous monitoring (last
    # reported 2026-10-30) is older than the policy's 120 days.
    assert manager["computed"]["credentials"] == [
        {
            "credential": "/authorizations/0",
            "name": "FedRAMP Moderate authorization (Authorized)",
            "lapses_on": "2027-02-27",
            "lapse_basis": "continuous monitoring due by",
            "lapsed": False,
            "standing": "active",
            "days_left": 94,
        }
    ]
    # Who may order under the contract, per buyer type of the policy: the threshold for state
    # agencies only is in their bands alone.
    buyers = {b["buyer_type"]: b for b in contract["computed"]["eligibility"]["buyers"]}
    assert contract["computed"]["eligibility"]["origin"] == "in_state"
    assert buyers["state_agency"]["may_order_today"] is True
    assert buyers["state_agency"]["order_bands"] == [
        {"up_to": 50000, "method": "direct_order", "requirement": "A single quote is enough"},
        {"method": "rfq", "requirement": ""},  # no `up_to`: null, no upper bound
    ]
    assert buyers["local_government"]["order_bands"] == [
        {"method": "rfq", "requirement": "any amount, as the ordering instructions say"}
    ]
    assert buyers["school_district"] == {
        **buyers["school_district"],
        "eligible": False,
        "may_order_today": False,
    }
    assert "emergency_authorities" not in buyers["school_district"]  # none: an empty list is left out
    emergency = {a["id"]: a for a in buyers["state_agency"]["emergency_authorities"]}
    assert emergency["state_agency_emergency"]["order_limit"] == 500000  # the contract's ceiling
    assert emergency["state_agency_emergency"]["max_days"] == 90
    assert emergency["disaster_purchasing"]["usable"] is False  # the vendor has not opted in
    # Each scenario names its authorities per buyer type, with their citations.
    (scenario,) = document["scenarios"]
    assert scenario["computed"]["authorities"][0] == {
        "buyer_type": "state_agency",
        "id": "state_agency_emergency",
        "title": "Emergency purchase by a state agency",
        "kind": "statutory_emergency",
        "citation": "Test Finance Law §1",
        "citation_status": "fictional",
    }  # `modeled_on` and `source_url` are null: left out
    assert set(scenario["requirements"]) == {
        "data_protection.breach_notification.confirmed_breach_hours",
        "emergency.lead_time_hours",
    }
    # The policy's buyer types and authorities are published once, beside the entries.
    law = document["meta"]["law"]
    assert set(law["buyer_types"]) == {"state_agency", "local_government", "school_district"}
    assert law["emergency_authorities"]["federal_exigency"]["citation"] == "2 CFR 200.320(c)(3)"
    assert law["emergency_authorities"]["federal_exigency"]["citation_status"] == "real"
    vendor = {v["id"]: v for v in document["vendors"]}["acme-gov"]
    assert vendor["computed"]["contracts"] == ["umbrella-software"]
    assert vendor["computed"]["solutions"] == ["acme-case-manager", "acme-desktop-suite"]


def test_meta_names_the_policy_the_date_and_no_commit_outside_git(project: Path, tmp_path: Path) -> None:
    export_site(project, tmp_path / "site")
    meta = full_catalog(tmp_path / "site")["meta"]
    assert meta["source_commit"] is None
    assert meta["as_of"] == "2026-11-25"
    assert meta["published"] == "2026-11-25T00:00:00Z"  # no commit, no SOURCE_DATE_EPOCH: the as-of date
    assert meta["policy"]["id"] == "demo-state-it-catalog"
    assert meta["policy"]["version"] == 1
    assert meta["generator"] == {"name": "site-builder", "version": "0.1.0"}
    listing = json.loads((tmp_path / "site/api/v1/index.json").read_text(encoding="utf-8"))
    for path in listing["files"]:
        if "<id>" not in path:
            assert (tmp_path / "site" / path).is_file(), path


def test_statuses_follow_the_as_of_date(project: Path, tmp_path: Path) -> None:
    contract = project / "catalog/contracts/umbrella-software.yaml"
    replace_in(contract, 'end: "2029-01-31"', 'end: "2027-01-15"')
    export_site(project, tmp_path / "site")
    document = full_catalog(tmp_path / "site")
    assert document["contracts"][0]["computed"]["status"] == "expiring"
    assert "status_label" not in document["contracts"][0]["computed"]  # words once, in index.json:
    words = document["meta"]["status_labels"]["expiring"].format(days_left=51)
    assert words == "expiring in 51 days"
    assert {s["computed"]["status"] for s in document["solutions"]} == {"expiring"}


def test_solution_status_is_the_one_the_pages_show(demo_project: Path, tmp_path: Path) -> None:
    result = export_site(demo_project, tmp_path / "site")
    catalog = result.catalog
    assert any(len(s.offerings) > 1 for s in catalog.solutions.values())
    shown = build_indexes(catalog, result.waived).status  # what the pages show
    document = full_catalog(tmp_path / "site")
    contracts = {c["id"]: c["computed"] for c in document["contracts"]}
    for record in document["solutions"]:
        status = shown[record["id"]]
        assert (record["computed"]["status"], record["computed"]["days_left"]) == (
            status.status.value,
            status.days_left,
        ), record["id"]
        # the best standing among its contracts (each in its contract's record): buyable if any is
        offered = [contracts[c["contract"]]["status"] for c in record["computed"]["offerings"]]
        best = min(offered, key=[v.value for v in STATUS_ORDER].index)
        assert record["computed"]["status"] == best, record["id"]


def test_computed_credentials_point_into_the_record_instead_of_repeating_it(
    demo_project: Path, tmp_path: Path
) -> None:
    """Every solution's credentials, each once, in the record's order; the type, level and status
    are read where the pointer leads, never repeated beside it."""
    export_site(demo_project, tmp_path / "site")
    folder = tmp_path / "site" / "api" / "v1" / "solutions"
    seen = 0
    for path in sorted(folder.glob("*.json")):
        record = json.loads(path.read_text(encoding="utf-8"))["solution"]
        expected = [
            f"/{section}/{index}"
            for section in ("authorizations", "attestations")
            for index in range(len(record.get(section) or ()))
        ]
        credentials = record["computed"].get("credentials", [])
        assert [c["credential"] for c in credentials] == expected, path.name
        for credential in credentials:
            assert not {"kind", "type", "level", "status"} & set(credential), path.name
            assert credential_in(record, credential) is not None
        seen += len(credentials)
    assert seen > 10  # the demo's solutions hold credentials of both kinds


def _reads_back(published: Any, built: Any, words: dict[str, str], where: str) -> None:
    """`published` says everything `built` does, read the way the data page says: a missing key is
    null, [] or {}; a label is index.json's words for its code."""
    if isinstance(built, list):
        assert isinstance(published, list), where
        for i, (mine, theirs) in enumerate(zip(published, built, strict=True)):
            _reads_back(mine, theirs, words, f"{where}/{i}")
        return
    if not isinstance(built, dict):
        assert published == built, where
        return
    for key, value in built.items():
        if key in ("status_label", "standing_label"):
            code = built[key.replace("_label", "")]
            if code is not None and built["days_left"] != 1:  # "expiring in 1 day"
                assert words[code].format(days_left=built["days_left"]) == value, where
            assert key not in published, where
        elif key not in published:
            assert value in (None, [], {}), f"{where}/{key}"
        else:
            _reads_back(published[key], value, words, f"{where}/{key}")


def test_the_published_records_lose_nothing_of_the_builds(any_project: Path, tmp_path: Path) -> None:
    """What the open data leaves out of a record (labels, empty values, an offering's contract
    terms and lots) reads back from what it keeps, for every entry of every kind."""
    result = export_site(any_project, tmp_path / "site")
    document = full_catalog(tmp_path / "site")
    words = document["meta"]["status_labels"]
    assert set(words) == {s.value for s in STATUS_ORDER}
    contracts = {c["id"]: c["computed"].get("effective_terms", c["terms"]) for c in document["contracts"]}
    for kind, records in build_records(result).items():
        mine = {r["id"]: r for r in document[kind]}
        for built in records:
            published = mine[built["id"]]
            computed = dict(built["computed"])
            if kind == "solutions":
                offerings = computed.pop("offerings")
                lean = published["computed"].get("offerings", [])
                for offering, small, under in zip(offerings, lean, built["offered_under"], strict=True):
                    assert small["contract"] == offering["contract"] == under["contract"]
                    assert list(offering["lots"]) == under.get("lots", [])
                    terms = apply_changes(contracts[small["contract"]], small.get("changed_terms", {}))
                    assert terms == offering["effective_terms"], built["id"]
            assert {k: v for k, v in published.items() if k != "computed"} == {
                k: v for k, v in built.items() if k != "computed"
            }
            _reads_back(published["computed"], computed, words, f"{kind}/{built['id']}")
