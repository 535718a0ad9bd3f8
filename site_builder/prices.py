"""Prices as data: ceiling rates per labour category or unit, the discount off list, fees, and the
price list they come from, in the words the site, the comparison and the CSV use.

A ceiling rate is the most a buyer pays for one unit under the contract (an hour of a labour
category, a user-month of a service); an order may be priced lower, never higher.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

PER = {
    "hour": "hour",
    "day": "day",
    "month": "month",
    "year": "year",
    "user_month": "user per month",
    "user_year": "user per year",
    "device": "device",
    "gb_month": "GB per month",
    "each": "each",
    "once": "once",
}


def money(amount: float, currency: str) -> str:
    """$185, $185.50, $12,000: cents only when there are some (a rate is often not whole)."""
    symbol = "$" if currency == "USD" else f"{currency} "
    return f"{symbol}{amount:,.2f}" if amount % 1 else f"{symbol}{amount:,.0f}"


def rate_words(rate: Mapping[str, Any], currency: str) -> str:
    """ "Senior cloud engineer: at most $185 per hour"."""
    return f"{rate['name']}: at most {money(rate['ceiling'], currency)} per {PER[rate['per']]}"


def fee_words(fee: Mapping[str, Any], currency: str) -> str:
    per = "once" if fee["per"] == "once" else f"per {PER[fee['per']]}"
    return f"{fee['name']}: {money(fee['amount'], currency)} {per}"


def price_list_words(pricing: Mapping[str, Any]) -> str:
    listed = pricing.get("price_list")
    return f"{listed['title']} ({listed['date']})" if listed else "none published"


def price_facts(pricing: Mapping[str, Any] | None, currency: str) -> list[tuple[str, str]]:
    """(row label, words) for the comparison: the same rows for every solution, so that they line up."""
    pricing = pricing or {}
    discount = pricing.get("discount_off_list_percent")
    return [
        ("Price", str(pricing.get("summary", "on request"))),
        (
            "Ceiling rates",
            "; ".join(rate_words(r, currency) for r in pricing.get("ceiling_rates") or []) or "none stated",
        ),
        ("Discount off list", f"{discount:g}%" if discount is not None else "none stated"),
        ("Fees", "; ".join(fee_words(f, currency) for f in pricing.get("fees") or []) or "none stated"),
        ("Price list", price_list_words(pricing)),
    ]
