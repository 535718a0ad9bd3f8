"""The entries a synthetic catalog is grown from, and checked variants of its solutions.

A synthetic entry is a copy of a *clean* seed entry (one the real checker passes with no problem,
waiver or warning) with new names and text.  A solution copy is placed under copies of the same
seed contracts, so its effective terms, and therefore every policy finding, are those of an entry
the checker has already passed.  To vary category, risk tier, data classification, credentials
and overrides beyond the seeds, candidate variants are written into the seed project and the real
checker keeps only those it passes: the generator never needs to know the policy's rules.
"""

from __future__ import annotations

import copy
import json
import random
import shutil
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from site_builder import terms, yamlsafe
from site_builder.model import KINDS
from site_builder.pipeline import check, open_project
from site_builder.term_order import Scale

REPO = Path(__file__).resolve().parent.parent
Data = dict[str, Any]


@dataclass
class Seeds:
    """A seed project on disk and its entries, split into clean ones and the rest."""

    root: Path
    source: str  # "demo" or "fixture"
    policy_text: bytes
    raw: dict[str, dict[str, bytes]] = field(default_factory=dict)  # kind -> id -> file bytes
    data: dict[str, dict[str, Data]] = field(default_factory=dict)  # kind -> id -> loaded data
    clean: dict[str, list[str]] = field(default_factory=dict)  # kind -> sorted clean ids
    errors: int = 0  # errors in the seed catalog itself (then it is not copied verbatim)
    enums: dict[str, list[Any]] = field(default_factory=dict)


def choose_source(requested: str) -> tuple[str, Path, Path]:
    """(name, catalog folder, policy file) of the demo catalog, or the test fixture until the
    demo has at least one entry of every kind."""
    demo = REPO / "catalog"
    demo_ready = all(any((demo / kind).glob("*.yaml")) for kind in KINDS)
    if requested == "demo" or (requested == "auto" and demo_ready):
        return "demo", demo, REPO / "schema" / "terms-policy.yaml"
    fixture = REPO / "tests" / "fixtures" / "good"
    return "fixture", fixture / "catalog", fixture / "terms-policy.yaml"


def copy_schemas(dest: Path, policy_text: bytes) -> None:
    (dest / "schema").mkdir(parents=True, exist_ok=True)
    for schema in sorted((REPO / "schema").glob("*.schema.json")):
        shutil.copyfile(schema, dest / "schema" / schema.name)
    (dest / "schema" / "terms-policy.yaml").write_bytes(policy_text)


def load_seeds(requested: str, work: Path, as_of: date) -> Seeds:
    """Copy the seed catalog into `work` and find which of its entries are clean."""
    source, catalog, policy_file = choose_source(requested)
    seeds = Seeds(work, source, policy_file.read_bytes())
    copy_schemas(work, seeds.policy_text)
    for kind in KINDS:
        (work / "catalog" / kind).mkdir(parents=True, exist_ok=True)
        seeds.raw[kind], seeds.data[kind] = {}, {}
        for path in sorted((catalog / kind).glob("*.yaml")):
            raw = path.read_bytes()
            (work / "catalog" / kind / path.name).write_bytes(raw)
            data, problems = yamlsafe.load(raw.decode("utf-8"), path.name)
            if not problems and isinstance(data, dict):
                seeds.raw[kind][path.stem] = raw
                seeds.data[kind][path.stem] = data
    result = check(work, today=as_of)
    seeds.errors = len(result.report.errors)
    flagged = {p.file for p in result.report.problems} | {p.file for _, p in result.waived}
    for kind in KINDS:
        seeds.clean[kind] = [
            entry_id
            for entry_id in sorted(seeds.data[kind])
            if f"catalog/{kind}/{entry_id}.yaml" not in flagged
        ]
    clean_contracts = set(seeds.clean["contracts"])
    seeds.clean["solutions"] = [
        s
        for s in seeds.clean["solutions"]
        if all(o["contract"] in clean_contracts for o in seeds.data["solutions"][s]["offered_under"])
    ]
    missing = [kind for kind in KINDS if kind != "vehicles" and not seeds.clean[kind]]  # vehicles optional
    if missing:
        raise SystemExit(f"the {source} catalog has no clean {', '.join(missing)} to grow from")
    seeds.enums = _enums()
    return seeds


def _enums() -> dict[str, list[Any]]:
    common = json.loads((REPO / "schema" / "common.schema.json").read_text(encoding="utf-8"))["$defs"]
    solution = json.loads((REPO / "schema" / "solution.schema.json").read_text(encoding="utf-8"))
    props = solution["properties"]
    return {
        "category": common["category"]["enum"],
        "risk_tier": common["risk_tier"]["enum"],
        "classification": common["classification"]["enum"],
        "deployment_model": props["deployment_model"]["enum"],
        "attestation": solution["$defs"]["attestation"]["properties"]["type"]["enum"],
        "accessibility": props["accessibility"]["properties"]["standard"]["enum"],
    }


def fresh_credential(name: str, policy: Any, as_of: date, rng: random.Random) -> tuple[str, Data]:
    """A current credential the policy's `name` accepts: ("authorizations" or "attestations", item)."""
    evidence = {"description": "Synthetic evidence for the benchmark"}
    recent = as_of - timedelta(days=rng.randint(20, 100))
    found = policy.authorization_classes.get(name)
    if found is not None:
        item = {
            "program": found.program,
            "level": min(found.levels),
            "status": min(found.statuses),
            "last_continuous_monitoring": recent.isoformat(),
            "evidence": evidence,
        }
        return "authorizations", item
    item = {"type": name, "evidence": evidence}
    if name == "soc2_type2":
        item.update(
            period_start=(recent - timedelta(days=364)).isoformat(),
            period_end=recent.isoformat(),
            auditor="Synthetic CPA",
        )
    elif name == "iso27001":
        item.update(
            issued=recent.isoformat(),
            expires=(recent + timedelta(days=1095)).isoformat(),
            certification_body="Synthetic body",
        )
    elif name == "pci_dss_aoc":
        item.update(assessed=recent.isoformat(), auditor="Synthetic QSA")
    else:
        item.update(signed=recent.isoformat(), parties=["Synthetic vendor", "Synthetic agency"])
    return "attestations", item


def _tighten(variant: Data, contract_terms: Data, rng: random.Random) -> None:
    """Add one or two overrides that tighten a numeric term of the contract."""
    numeric = [
        (path, value)
        for path, value in terms.iter_leaves(contract_terms)
        if isinstance(value, int) and not isinstance(value, bool) and value > 1
    ]
    for path, value in rng.sample(numeric, min(len(numeric), rng.randint(1, 2))):
        spec = terms.field_for(path)
        if spec is None or not isinstance(spec.order, Scale):
            continue
        new = value * 2 if spec.order.higher else max(1, value // 2)
        node = variant.setdefault("terms_overrides", {})
        *parents, leaf = path.split(".")
        for part in parents:
            node = node.setdefault(part, {})
        node[leaf] = new


def contract_terms(seeds: Seeds, contract_id: str) -> Data:
    """A seed contract's terms as ordered: an award's are its vehicle's with its own on top."""
    contract = seeds.data["contracts"][contract_id]
    vehicle = seeds.data["vehicles"].get(str(contract.get("vehicle")))
    own = contract.get("terms") or {}
    return terms.merge(vehicle["terms"], own) if vehicle else own


def _synthetic_rider(covers: list[str], as_of: date) -> Data:
    """A signed rider covering a variant's overrides (a synthetic catalog's paperwork)."""
    return {
        "id": "rider-1",
        "type": "rider",
        "title": "Rider 1 (synthetic)",
        "date": (as_of - timedelta(days=30)).isoformat(),
        "url": "https://procurement.example/riders/synthetic-rider-1.pdf",
        "signatories": [
            {"name": "Synthetic signatory", "role": "Chief Procurement Officer", "party": "purchaser"}
        ],
        "covers": covers,
    }


def make_variant(seeds: Seeds, base: str, policy: Any, as_of: date, rng: random.Random) -> Data:
    """A candidate: the seed solution with a new category, tier, classification, certificates
    and overrides; the checker decides whether it stays."""
    variant = copy.deepcopy(seeds.data["solutions"][base])
    enums = seeds.enums
    if rng.random() < 0.7:
        variant["category"] = rng.choice(enums["category"])
    if rng.random() < 0.6:
        variant["risk_tier"] = rng.choice(enums["risk_tier"])
    if rng.random() < 0.6:
        level = rng.choice(enums["classification"])
        variant["data"] = {"max_classification": level}
        labels = policy.labels_for(level)
        if labels and rng.random() < 0.7:
            variant["data"]["local_label"] = rng.choice(labels)
    if rng.random() < 0.5:
        variant["deployment_model"] = rng.choice(enums["deployment_model"])
    options = (policy.section("credentials").get("by_risk_tier") or {}).get(variant["risk_tier"])
    wanted = list(rng.choice(options)) if options else []
    wanted += rng.sample(enums["attestation"], rng.randint(0, 2))
    held = {str(c.get("type")) for c in variant.get("attestations", [])}
    for name in dict.fromkeys(wanted):
        if name not in held:
            held.add(name)
            where, item = fresh_credential(name, policy, as_of, rng)
            variant.setdefault(where, []).append(item)
    if "accessibility" not in variant and rng.random() < 0.8:
        report = as_of - timedelta(days=rng.randint(30, 500))
        variant["accessibility"] = {
            "standard": rng.choice(enums["accessibility"][1:]),
            "report_date": report.isoformat(),
            "conformance": rng.choice(["supports", "partially_supports"]),
        }
    contract = {"terms": contract_terms(seeds, variant["offered_under"][0]["contract"])}
    limits = policy.section("data_protection").get("max_confirmed_breach_notification_hours") or {}
    hours = limits.get(variant["data"]["max_classification"])
    current = terms.get(contract["terms"], "data_protection.breach_notification.confirmed_breach_hours")
    if hours is not None and (current is None or current > hours):
        node = variant.setdefault("terms_overrides", {}).setdefault("data_protection", {})
        node.setdefault("breach_notification", {})["confirmed_breach_hours"] = hours
    if rng.random() < 0.5:
        _tighten(variant, contract["terms"], rng)
    if variant.get("terms_overrides"):  # the demo policy requires every override to be signed
        variant["instruments"] = [_synthetic_rider(sorted(variant["terms_overrides"]), as_of)]
    if rng.random() < 0.5:
        variant["emergency"] = {"ready": True, "lead_time_hours": rng.choice([4, 24, 48, 72])}
    return variant


def variant_pool(seeds: Seeds, as_of: date, rng: random.Random, per_seed: int = 40) -> list[Data]:
    """Checked variants of every clean seed solution, plus the seed solutions themselves."""
    from yaml import safe_dump

    project = open_project(seeds.root)
    folder = seeds.root / "catalog" / "solutions"
    candidates: dict[str, Data] = {}
    for base in seeds.clean["solutions"]:
        for number in range(per_seed):
            variant = make_variant(seeds, base, project.policy, as_of, rng)
            variant["id"] = f"{base}-variant-{number}"
            candidates[variant["id"]] = variant
            (folder / f"{variant['id']}.yaml").write_text(
                safe_dump(variant, sort_keys=False, allow_unicode=True), encoding="utf-8"
            )
    result = check(seeds.root, today=as_of, project=project)
    flagged = {p.file for p in result.report.problems} | {p.file for _, p in result.waived}
    flagged |= result.placed_sources  # a variant whose finding landed on its contract or vehicle
    pool = [copy.deepcopy(seeds.data["solutions"][s]) for s in seeds.clean["solutions"]]
    pool += [v for key, v in candidates.items() if f"catalog/solutions/{key}.yaml" not in flagged]
    for key in candidates:
        (folder / f"{key}.yaml").unlink()
    return pool
