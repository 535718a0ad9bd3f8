"""Per buyer type, under one contract: may I buy, up to what amount, by which method, today and in
a declared emergency. One view model, computed once per contract and buyer type per build, that
solution pages, contract pages, scenario pages and the compare data all lay out; the emergency
panel (render/emergency.py) takes who may buy from it.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape

from .. import terms
from ..eligibility import Addendum, Eligibility, bands_words, eligibility
from ..emergency import Route, federal_rule, provisions, routes
from ..model import Contract
from ..policy.law import KIND_WORDS, Authority, BuyerType
from .markup import environment
from .sitedata import SiteData


@dataclass(frozen=True)
class Option:
    """One emergency authority, in the words a buyer acts on."""

    authority: Authority
    kind: str  # in words
    usable: bool
    why_not: str
    order_limit: str  # "$2M (the contract's emergency ceiling)", or "" when nothing caps it
    max_days: str  # "90 days (the law)", or ""
    limit_short: str  # "$2M"
    days_short: str  # "90 days"


SHORT_METHODS = {"direct_order": "direct order", "rfq": "RFQ", "mini_bid": "mini-bid", "quote": "quote"}


def compact_bands(found: Eligibility, currency: str) -> str:
    """ "direct order up to $250,000; then mini-bid": bands of one method run together."""
    runs: list[tuple[str, int | None]] = []
    for band in found.bands:
        if runs and runs[-1][0] == band.method:
            runs[-1] = (band.method, band.up_to)
        else:
            runs.append((band.method, band.up_to))
    parts = []
    for method, up_to in runs:
        words = SHORT_METHODS.get(method, method.replace("_", " "))
        if up_to is not None:
            parts.append(f"{words} up to {terms.format_money(up_to, currency)}")
        else:
            parts.append(f"then {words}" if parts else f"{words}, any amount")
    return "; ".join(parts)


@dataclass(frozen=True)
class Answer:
    contract: Contract
    buyer: BuyerType
    eligibility: Eligibility
    headline: str  # "Yes", "No", "Not now"
    bands: tuple[str, ...]
    compact: str  # the bands in one short line
    cite: str  # what to cite on the purchase order
    options: tuple[Option, ...]
    federal_rule: str
    federal: tuple[Authority, ...]

    @property
    def may_order(self) -> bool:
        return self.eligibility.may_order_today

    @property
    def addendum(self) -> Addendum | None:
        return self.eligibility.addendum


def option(data: SiteData, route: Route) -> Option:
    limit = ""
    if route.order_limit is not None:
        source = (
            "the contract's emergency ceiling" if route.limit_from == "the contract" else route.limit_from
        )
        limit = f"{terms.format_money(route.order_limit, data.currency)} ({source})"
    days = f"{route.max_days} days ({route.days_from})" if route.max_days is not None else ""
    return Option(
        route.authority,
        KIND_WORDS.get(route.authority.kind, route.authority.kind),
        route.usable,
        route.why_not,
        limit,
        days,
        terms.format_money(route.order_limit, data.currency) if route.order_limit is not None else "",
        f"{route.max_days} days" if route.max_days is not None else "",
    )


def answer(data: SiteData, contract: Contract, buyer_type: str) -> Answer:
    """The answer for `buyer_type` under `contract` (computed once per build)."""
    return data.memo(("answer", contract.id, buyer_type), lambda: _answer(data, contract, buyer_type))


def _answer(data: SiteData, contract: Contract, buyer_type: str) -> Answer:
    buyer = data.policy.buyer_types[buyer_type]
    found = eligibility(contract, buyer_type, data.policy, data.as_of)
    headline = "Yes" if found.may_order_today else "Not now" if found.eligible else "No"
    cite = f"contract {contract.number}"
    if contract.award_citation:
        cite += f" ({contract.award_citation})"
    if found.addendum and found.addendum.number:
        cite += f" and participating addendum {found.addendum.number}"
    rule, federal = federal_rule(data.policy, buyer)
    return Answer(
        contract,
        buyer,
        found,
        headline,
        tuple(bands_words(found.bands, data.currency)) if found.eligible else (),
        compact_bands(found, data.currency) if found.eligible else "",
        cite,
        tuple(option(data, r) for r in routes(data.policy, contract, buyer_type) if r.usable)
        if found.eligible
        else (),
        rule,
        federal,
    )


def contract_answers(data: SiteData, contract: Contract) -> list[Answer]:
    """Every buyer type of the policy under one contract, in the policy's order."""
    return [answer(data, contract, buyer_type) for buyer_type in data.policy.buyer_types]


def provisions_words(data: SiteData, contract: Contract, limits: bool = True) -> list[str]:
    """What the contract itself says about emergency orders (never a legal basis), in words;
    without its order ceiling and longest term when `limits` is false (shown apart)."""
    own = provisions(contract)
    found = []
    if own.expedited_ordering:
        found.append(own.expedited_ordering)
    if own.ordering_hours:
        found.append(f"emergency orders taken {own.ordering_hours}")
    if own.work_before_purchase_order:
        found.append("the vendor starts work before the purchase order arrives")
    if limits and own.max_order_value is not None:
        found.append(f"emergency orders up to {terms.format_money(own.max_order_value, data.currency)}")
    if limits and own.max_term_days is not None:
        found.append(f"emergency orders run at most {own.max_term_days} days")
    return found


def contract_rows(data: SiteData, contract: Contract, base: str, *, show_contract: bool) -> Markup:
    """A contract's rows of a solution page's buyer table, rendered once per build and page depth."""

    def render() -> Markup:
        macro = environment().get_template("_buyers.html.j2").module.rows  # type: ignore[attr-defined]
        return Markup(macro(contract_answers(data, contract), base, show_contract))  # noqa: S704  (autoescaped)

    return data.memo(("buyer-rows", contract.id, base, str(show_contract)), render)


def table_notes(data: SiteData, contracts: list[Contract], base: str) -> Markup:
    """What the compact table abbreviates: fictional citations (once per build), the local terms
    of the addenda the rows cite (once per contract), and where the whole answer is: each
    contract's page (conditions, federal award money; each authority links to what it requires)."""

    def shared() -> str:
        if any(a.fictional for a in data.policy.authorities.values()):
            return '* A fictional citation (the demo\'s invented law). "While it lasts": only while the emergency lasts.'
        return '"While it lasts": only while the emergency lasts.'

    def local(contract: Contract) -> str:
        found: list[tuple[int, str]] = []
        for item in contract_answers(data, contract):
            addendum = item.addendum
            if addendum and addendum.local_terms and addendum.index not in {f[0] for f in found}:
                terms_text = "; ".join(
                    t.text + (f" ({t.section})" if t.section else "") for t in addendum.local_terms
                )
                found.append(
                    (
                        addendum.index,
                        f"Local terms of {addendum.number or addendum.party} (contract {contract.number}): {terms_text}.",
                    )
                )
        return " ".join(escape(text) for _, text in found)

    notes = [str(escape(data.memo(("buyer-notes",), shared)))]
    notes += [data.memo(("local-terms", c.id), lambda c=c: local(c)) for c in contracts]  # type: ignore[misc]
    links = ", ".join(
        f'<a href="{base}contracts/{escape(c.id)}/#buyers">contract {escape(c.number)}</a>' for c in contracts
    )
    notes.append(f"In full, with conditions and federal award money: {links}.")
    return Markup('<p class="cat-note">' + " ".join(n for n in notes if n) + "</p>")  # noqa: S704  (escaped above)
