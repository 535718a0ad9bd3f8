"""The synthetic entries themselves: copies of clean seed entries with new names and text.

See generate.py for how a catalog is put together from them.
"""

from __future__ import annotations

import copy
import json
import random
from datetime import date
from typing import Any

import yaml
from seeds import REPO, Data, Seeds
from textpool import TextPool, slug

from site_builder.model import KINDS

try:  # the checker's own rule for ids that collide
    from site_builder.identity import identity_key
except ImportError:  # before the rule had a module of its own
    from site_builder.pipeline import identity_key  # type: ignore[attr-defined,no-redef]

_Dumper: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _BlockDumper(_Dumper):  # type: ignore[misc]
    """Multi-line text as `|` blocks, the way people write descriptions."""


def _str(dumper: Any, value: str) -> Any:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_BlockDumper.add_representer(str, _str)


def dump(data: Data) -> bytes:
    text = yaml.dump(data, Dumper=_BlockDumper, sort_keys=False, allow_unicode=True, width=110)
    return text.encode("utf-8")


class Ids:
    """Ids unique per kind, also after case folding and look-alike mapping (as the checker wants)."""

    def __init__(self) -> None:
        self.seen: dict[str, set[str]] = {kind: set() for kind in KINDS}

    def take(self, kind: str, base: str) -> str:
        base = base[:60].rstrip("-")
        if len(base) < 2:  # ids have at least two characters
            base = f"{base}-{kind[:-1]}" if base else kind[:-1]
        candidate, number = base, 1
        while identity_key(candidate) in self.seen[kind]:
            number += 1
            candidate = f"{base}-{number}"
        self.seen[kind].add(identity_key(candidate))
        return candidate


def _order(data: Data, template: Data) -> Data:
    """Keys in the template's order, new keys after; how a contributor's file would read."""
    ordered = {key: data[key] for key in template if key in data}
    ordered.update((key, value) for key, value in data.items() if key not in ordered)
    return ordered


class Grower:
    """Builds the synthetic entries, kind by kind, from the seeds."""

    def __init__(self, seeds: Seeds, pool: TextPool, rng: random.Random, as_of: date) -> None:
        self.seeds, self.text, self.rng, self.as_of = seeds, pool, rng, as_of
        self.ids = Ids()
        self.counter = 0
        self.holders: dict[str, str] = {}  # contract id → the vendor that holds it

    def vendor(self, number: int) -> Data:
        base = self.seeds.clean["vendors"][number % len(self.seeds.clean["vendors"])]
        vendor = copy.deepcopy(self.seeds.data["vendors"][base])
        name = self.text.company(number)
        # Past the list of companies, each round through it gets a division's name; from the
        # second round on also the round's number, so that no two vendors share a name (the
        # checker refuses names that differ only in case, spacing or look-alike letters).
        rounds = number // max(1, len(self.text.companies))
        if rounds:
            name = (
                f"{name} {['Public Sector', 'Government Solutions', 'Federal', 'State & Local'][number % 4]}"
            )
        if rounds > 1:
            name = f"{name} {rounds}"
        vendor_id = self.ids.take("vendors", slug(name))
        domain = f"{vendor_id}.example"
        vendor.update(
            id=vendor_id,
            name=name[:120],
            legal_name=f"{name}, {self.rng.choice(['Inc.', 'LLC', 'Corp.', 'Ltd.', 'GmbH', 'S.A.'])}"[:300],
            description=self.text.paragraphs(self.text.product(number * 7), self.rng.randint(1, 2)),
            homepage=f"https://www.{domain}/",
        )
        for contact in vendor.get("contacts", []):
            if "email" in contact:
                contact["email"] = f"{contact['role'].replace('_', '-')}@{domain}"
        for identifier in vendor.get("identifiers", []):
            if identifier.get("scheme") == "US-EIN":
                identifier["id"] = f"{number % 90 + 10:02d}-{self.rng.randrange(10**7):07d}"
        return _order(vendor, self.seeds.data["vendors"][base])

    def contract(self, number: int, vendors: list[str]) -> tuple[str, Data]:
        base = self.seeds.clean["contracts"][number % len(self.seeds.clean["contracts"])]
        contract = copy.deepcopy(self.seeds.data["contracts"][base])
        round_ = number // len(self.seeds.clean["contracts"]) + 1
        contract.update(
            id=self.ids.take("contracts", f"{base}-{round_}"),
            title=f"{contract['title']} (award {round_})"[:300],
            number=f"{contract['number']}-{round_:03d}"[:120],
            vendor=self.rng.choice(vendors),
        )
        self.holders[contract["id"]] = contract["vendor"]
        return base, contract

    def solution(self, variant: Data, vendors: list[str], clones: dict[str, list[str]]) -> Data:
        self.counter += 1
        product = self.text.product(self.counter)
        name = product.name
        if self.counter >= len(self.text.products):
            name = f"{name} {['for Government', 'Gov Edition', 'Public Sector', 'Cloud', 'Enterprise'][self.counter % 5]}"
        solution = copy.deepcopy(variant)
        solution_id = self.ids.take("solutions", slug(name))
        offered = [
            {**item, "contract": self.rng.choice(clones[item["contract"]])}
            for item in solution["offered_under"]
        ]
        # A solution is its contract holder's: another maker's product would need a supply
        # authorization on the contract, which synthetic contracts do not carry.
        holder = self.holders[offered[0]["contract"]]
        offered = [item for item in offered if self.holders[item["contract"]] == holder]
        tags = sorted(
            {
                self.text.tag(product),
                *(
                    self.text.tag(self.text.product(self.rng.randrange(10**6)))
                    for _ in range(self.rng.randint(0, 3))
                ),
            }
            - {"entry"}
        )
        price = self.rng.choice([4, 9, 12, 15, 25, 40, 75, 120, 450, 1200, 5000])
        solution.update(
            id=solution_id,
            name=name[:120],
            vendor=holder,
            offered_under=offered,
            summary=self.text.summary(product),
            description=self.text.paragraphs(product, self.rng.randint(1, 4)),
            tags=tags[:15],
            pricing={
                "summary": f"${price:,} per user per month, {self.rng.randint(5, 30)}% off list",
                "unit": "per user per month",
                "starting_price": price,
                "price_list": {
                    "title": f"{name[:100]} price list",
                    "url": f"https://{holder}.example/price-list.pdf",
                    "date": "2025-01-01",
                },
                "ceiling_rates": [{"name": "Named user", "per": "user_month", "ceiling": price}],
            },
        )
        if product.homepage:
            solution["homepage"] = product.homepage
        return _order(solution, _SOLUTION_ORDER)

    def scenario(
        self, number: int, copies: dict[str, list[str]], clones: dict[str, list[str]]
    ) -> Data | None:
        """A copy of a clean seed scenario naming plain copies of its solutions and clones of its
        contracts, so what made the seed pass (readiness, eligibility, terms) still holds."""
        base = self.seeds.clean["scenarios"][number % len(self.seeds.clean["scenarios"])]
        scenario = copy.deepcopy(self.seeds.data["scenarios"][base])
        round_ = number // len(self.seeds.clean["scenarios"]) + 1
        if not all(copies.get(s) for s in scenario["ready_solutions"]):
            return None  # every buyer type it covers must still find what its seed offered
        solutions = list(dict.fromkeys(self.rng.choice(copies[s]) for s in scenario["ready_solutions"]))
        contracts = list(
            dict.fromkeys(
                self.rng.choice(clones[c]) for c in scenario.get("ready_contracts", []) if clones.get(c)
            )
        )
        follow_on = scenario["follow_on"]
        if follow_on.get("contract"):
            if clones.get(follow_on["contract"]):
                follow_on["contract"] = self.rng.choice(clones[follow_on["contract"]])
            else:
                follow_on.pop("contract")
                follow_on["plan"] = "competitive_solicitation"
        scenario.update(
            id=self.ids.take("scenarios", f"{base}-{round_}"),
            title=f"{scenario['title']} (region {round_})"[:300],
            ready_solutions=solutions,
        )
        if contracts:
            scenario["ready_contracts"] = contracts
        else:
            scenario.pop("ready_contracts", None)
        return scenario


_SOLUTION_ORDER: Data = dict.fromkeys(
    json.loads((REPO / "schema" / "solution.schema.json").read_text(encoding="utf-8"))["properties"]
)
