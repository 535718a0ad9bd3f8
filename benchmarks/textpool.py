"""Realistic names and text for synthetic catalogs.

Names and descriptions come from a TSV of real product names (name, organization, category,
subcategory, homepage_url, description), read at generation time and never copied into the
repository.  Real names carry parentheses, ampersands, dots, trademark signs and non-ASCII
letters, which is the point: the catalog must cope with them.  Text that the catalog's own
content checks would reject (a bare http:// address, angle brackets, template braces, hidden
characters) is left out, so a generated catalog validates clean.  Without the TSV, plain
generated text of similar length stands in.
"""

from __future__ import annotations

import csv
import random
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from site_builder import content, yamlsafe

_HTTPS = re.compile(r"^https://[A-Za-z0-9.-]+(:[0-9]+)?(/[^\s<>\"'`\\]*)?$")
_WORDS = [
    "case",
    "records",
    "permits",
    "licensing",
    "benefits",
    "payments",
    "identity",
    "access",
    "network",
    "backup",
    "recovery",
    "analytics",
    "reporting",
    "workflow",
    "documents",
    "archive",
    "training",
    "security",
    "monitoring",
    "endpoint",
    "cloud",
    "storage",
    "messaging",
    "scheduling",
    "inspections",
    "grants",
    "procurement",
    "finance",
    "payroll",
    "telephony",
]


@dataclass(frozen=True)
class Product:
    name: str
    organization: str
    subcategory: str
    homepage: str | None
    description: str | None


def _safe(text: str, rich: bool) -> bool:
    """True when the catalog's content checks accept `text` as is."""
    if any(True for _ in yamlsafe.find_invisible(text)):
        return False
    key = "description" if rich else "name"
    return not content.check_text({key: text}, frozenset({"description"}) if rich else frozenset())


def slug(text: str, limit: int = 48) -> str:
    """An id-shaped slug: ASCII letters and digits in words joined by single hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    out = ""
    for word in words:
        candidate = f"{out}-{word}" if out else word
        if len(candidate) > limit:
            break
        out = candidate
    return out or "entry"


def _clip(text: str, limit: int) -> str:
    """`text` cut at a word boundary to at most `limit` characters."""
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


class TextPool:
    """Names, organizations and descriptions, drawn deterministically from an RNG."""

    def __init__(self, tsv: Path | None, rng: random.Random) -> None:
        self.rng = rng
        self.products: list[Product] = []
        self.companies: list[str] = []
        self.descriptions: list[str] = []
        self.from_file = False
        if tsv is not None and tsv.is_file():
            self._read(tsv)
        if not self.products:
            self._invent()

    def _read(self, tsv: Path) -> None:
        with tsv.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
        for row in rows:
            name = (row.get("name") or "").strip()
            if not name or len(name) > 100 or not _safe(name, rich=False):
                continue
            description = (row.get("description") or "").strip() or None
            if description and (len(description) > 1500 or not _safe(description, rich=True)):
                description = None
            homepage = (row.get("homepage_url") or "").strip()
            product = Product(
                name,
                (row.get("organization") or "").strip(),
                (row.get("subcategory") or row.get("category") or "").strip(),
                homepage if _HTTPS.match(homepage) else None,
                description,
            )
            if (row.get("category") or "").strip() == "CNCF Members":
                self.companies.append(name)  # member rows name companies, not products
            else:
                self.products.append(product)
            if description:
                self.descriptions.append(description)
        self.from_file = bool(self.products)

    def _invent(self) -> None:
        rng = random.Random(0)
        for number in range(600):
            words = rng.sample(_WORDS, 2)
            name = f"{words[0].title()} {words[1].title()} {number}"
            text = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(12, 40)))
            description = text[0].upper() + text[1:] + "."
            self.products.append(Product(name, "", words[0], None, description))
            self.descriptions.append(description)
        self.companies = [f"{rng.choice(_WORDS).title()} Systems {n}" for n in range(300)]

    def product(self, index: int) -> Product:
        return self.products[index % len(self.products)]

    def company(self, index: int) -> str:
        return self.companies[index % len(self.companies)] if self.companies else f"Vendor {index}"

    def sentence(self) -> str:
        return self.rng.choice(self.descriptions)

    def summary(self, product: Product) -> str:
        return _clip(product.description or self.sentence(), 290)

    def paragraphs(self, product: Product, count: int) -> str:
        """A Markdown description: a lead paragraph, more paragraphs and a short list."""
        parts = [product.description or self.sentence()]
        parts += [self.sentence() for _ in range(count - 1)]
        items = "\n".join(f"- {_clip(self.sentence(), 140)}" for _ in range(self.rng.randint(2, 4)))
        # About one description in four links to the product's page (the demo's have none).
        link = ""
        if product.homepage and self.rng.random() < 0.25:
            link = f"\n\nSee the [product page]({product.homepage})."
        return "\n\n".join(parts) + "\n\nWhat buyers get:\n\n" + items + link + "\n"

    def tag(self, product: Product) -> str:
        return slug(product.subcategory or product.name, 40)
