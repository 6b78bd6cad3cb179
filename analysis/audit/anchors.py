"""Anchor text: its class, the words that mark money and spam niches, and a site's anchor profile.

Classes, the first that applies (`classify`):

    image      an image link, or no text at all
    naked_url  a URL or a host name ("https://x.com/a", "www.x.com", "x.com")
    generic    a phrase that says nothing of the target ("click here", "read more", "ici",
               "hier klicken", "подробнее"...: GENERIC, several languages)
    branded    holds the site's name: its domain label ("daily-courier" -> "daily courier",
               "dailycourier"; IDN labels decoded) or a site name its pages declare
    exact      equals one of the keywords (or, when none is given, the linked page's title)
    partial    holds at least half of the significant words of a keyword (or of the title)
    other      anything else

A profile *looks manipulated* (`AnchorProfile.warnings`) when its exact + partial share is
`exact_share_factor` times the typical site's and above `exact_share_floor`, or when one money
anchor (`is_money`: exact, partial, or other with money words) comes from more than
`concentration_floor` of the referring domains and `exact_share_factor` times the typical
site's top one.
The typical site is the median of the graph's domains with `baseline_min_domains` referring
domains, their anchors classed against their linked pages' titles.
"""

from __future__ import annotations

import contextlib
import re
import statistics
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from analysis.audit.settings import AuditSettings

CLASSES = ("branded", "exact", "partial", "generic", "naked_url", "image", "other")

GENERIC = frozenset({
    # English
    "click here", "click", "here", "read more", "more", "website", "this website", "this site",
    "site", "visit", "visit website", "visit site", "link", "this link", "source", "this article",
    "article", "this page", "page", "see also", "see more", "full story", "more on this",
    "according to this report", "learn more", "find out more", "details", "more info",
    "more information", "continue reading", "go", "homepage", "home page", "home", "url",
    "check it out", "go to website", "official website", "read the full article", "view",
    # French, German, Spanish, Italian, Portuguese, Dutch
    "cliquez ici", "ici", "en savoir plus", "lire la suite", "site web", "ce site", "voir",
    "hier klicken", "hier", "mehr", "weiterlesen", "mehr erfahren", "webseite", "quelle",
    "zur website", "haga clic aquí", "clic aquí", "aquí", "leer más", "más información",
    "sitio web", "fuente", "clicca qui", "qui", "leggi di più", "sito", "clique aqui", "aqui",
    "saiba mais", "leia mais", "klik hier", "lees meer",
    # Russian, Japanese, Chinese
    "здесь", "тут", "подробнее", "читать далее", "сайт", "источник", "ссылка",
    "こちら", "ここ", "詳細", "続きを読む", "点击这里", "这里", "更多",
})

#: spam niches and their words (the `spam_niche` signal needs `spam_niche_min_words` of them)
NICHES = {
    "gambling": frozenset({"casino", "casinos", "poker", "slots", "slot", "roulette", "blackjack",
                           "betting", "jackpot", "bookmaker", "sportsbook", "gambling", "spins",
                           "kasino", "apuestas", "casinò", "казино", "ставки"}),
    "adult": frozenset({"porn", "xxx", "escort", "escorts", "nude", "camgirls", "hookup",
                        "sexcam", "порно"}),
    "pharma": frozenset({"viagra", "cialis", "levitra", "pharmacy", "pills", "prescription",
                         "tramadol", "xanax", "steroids", "meds", "виагра"}),
    "loans": frozenset({"payday", "loan", "loans", "lender", "cash advance", "no credit check",
                        "bad credit", "займ", "кредит"}),
    "counterfeit": frozenset({"replica", "replicas", "knockoff"}),
}

#: money words: high-CPC anchors Moz lists among its spam features
COMMERCIAL = frozenset({
    "buy", "cheap", "cheapest", "discount", "discounts", "deal", "deals", "coupon", "coupons",
    "promo", "sale", "bonus", "order", "offer", "offers", "insurance", "loan", "loans", "best",
    "casino", "viagra", "free", "shop", "online",
})

#: the suffixes most of whose domains are abuse (Spamhaus' and Interisle's lists) and Moz's
SPAM_TLDS = frozenset({
    "xyz", "top", "click", "site", "online", "biz", "info", "buzz", "icu", "club", "work", "loan",
    "win", "bid", "men", "date", "racing", "review", "stream", "gdn", "cf", "ga", "gq", "ml",
    "tk", "rest", "fit", "pw", "link", "kim", "party", "science", "trade", "webcam", "country",
    "faith", "accountant", "download", "cricket", "space", "website", "fun", "monster", "cyou",
    "sbs", "cfd", "vip", "bond", "beauty", "hair", "quest", "zip", "mov",
})

_STOP = frozenset({"the", "and", "for", "with", "from", "that", "this", "your", "our", "about",
                   "into", "over", "home", "des", "les", "und", "der", "die", "das"})
_NAKED = re.compile(r"^(?:https?://\S+|www\.\S+|[\w-]+(?:\.[\w-]+)*\.[a-z]{2,24}(?:/\S*)?)$", re.IGNORECASE)
_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)


def normalize(text: str | None) -> str:
    """Lower case, NFKC, every run of non-word characters one space."""
    text = unicodedata.normalize("NFKC", text or "").lower()
    return " ".join(_NON_WORD.sub(" ", text).split())


def significant(text: str | None) -> list[str]:
    """The words of `text` that carry meaning: three letters or more, not a stop word."""
    return [w for w in normalize(text).split() if len(w) >= 3 and w not in _STOP]


def brand_names(domain: str, site_names: Iterable[str] = ()) -> list[str]:
    """How a site's name is written in anchors: its domain label with spaces and without
    separators (IDN decoded), and the site names its pages declare."""
    label = domain.split(".", 1)[0]
    if label.startswith("xn--"):
        with contextlib.suppress(UnicodeError):  # not a valid IDN label: kept as written
            label = label.encode("ascii").decode("idna")
    spaced = normalize(label)
    names = [spaced, spaced.replace(" ", "")]
    names += [normalize(n) for n in site_names if normalize(n)]
    return [n for n in dict.fromkeys(names) if len(n) >= 3]


def classify(anchor: str | None, image: bool = False, *, brands: Iterable[str] = (),
             keywords: Iterable[str] = (), title: str | None = None) -> str:
    """The class of one anchor (see the module docstring)."""
    text = normalize(anchor)
    raw = (anchor or "").strip()
    if image or not text:
        return "image"
    if _NAKED.match(raw):
        return "naked_url"
    if text in GENERIC:
        return "generic"
    squashed = text.replace(" ", "")
    if any(_has_phrase(text, b) or (" " not in b and b in squashed) for b in brands):
        return "branded"
    targets = [normalize(k) for k in keywords if normalize(k)] or ([normalize(title)] if normalize(title) else [])
    if text in targets:
        return "exact"
    words = set(text.split())
    for target in targets:
        needed = significant(target)
        hits = sum(w in words for w in needed)
        if needed and hits >= max(1, (len(needed) + 1) // 2) and (hits >= 2 or len(needed) == 1):
            return "partial"
    return "other"


def _has_phrase(text: str, phrase: str) -> bool:
    return f" {phrase} " in f" {text} "


def is_money(anchor: str | None, cls: str) -> bool:
    """An anchor that targets a keyword: exact or partial match, or another (not branded,
    generic or URL) anchor with money words."""
    return bool(anchor) and (cls in ("exact", "partial") or (cls == "other" and bool(commercial_words(anchor))))


def commercial_words(anchor: str | None) -> list[str]:
    """The money words of an anchor."""
    return sorted({w for w in normalize(anchor).split() if w in COMMERCIAL})


def niche_words(text: str | None) -> dict[str, list[str]]:
    """Niche -> the words of that spam niche found in `text`."""
    norm = normalize(text)
    tokens, padded = set(norm.split()), f" {norm} "
    found = {niche: sorted(w for w in words if (f" {w} " in padded if " " in w else w in tokens))
             for niche, words in NICHES.items()}
    return {niche: words for niche, words in found.items() if words}


@dataclass
class AnchorProfile:
    """A site's anchors by class, with the typical site's shares and the warnings."""

    domain: str
    keywords: list[str]
    #: class -> backlinks, referring_domains, share (of backlinks)
    classes: dict[str, dict[str, float]]
    #: one row per distinct anchor: anchor, class, backlinks, referring_domains
    anchors: list[dict[str, Any]]
    money_share: float  # exact + partial share of backlinks
    top_money_anchor: str | None
    top_money_share: float  # of referring domains
    typical: dict[str, float] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"domain": self.domain, "keywords": self.keywords, "classes": self.classes,
                "money_share": self.money_share, "top_money_anchor": self.top_money_anchor,
                "top_money_share": self.top_money_share, "typical": self.typical,
                "warnings": self.warnings, "anchors": self.anchors}


def profile(domain: str, links: Iterable[Mapping[str, Any]], *, brands: list[str],
            keywords: list[str]) -> AnchorProfile:
    """The anchor profile of `links` (rows with anchor, image, src_domain, dst_title); each
    row gets its `anchor_class`. Links with the same anchor, image flag and linked page title
    are classed once."""
    same: dict[tuple[str, bool, str | None], list[Mapping[str, Any]]] = defaultdict(list)
    for row in links:
        same[(row["anchor"], bool(row["image"]), row.get("dst_title"))].append(row)
    classed = []
    for (anchor, image, title), rows in same.items():
        cls = classify(anchor, image, brands=brands, keywords=keywords, title=title)
        for row in rows:
            row["anchor_class"] = cls  # type: ignore[index]
        classed.append((anchor, cls, [row["src_domain"] for row in rows]))
    return _tally(domain, keywords, classed)


def _tally(domain: str, keywords: list[str], classed: Iterable[tuple[str, str, list[str]]]) -> AnchorProfile:
    """The profile of classed anchors: (anchor, class, the referring domain of each of its
    backlinks), in the order the backlinks came."""
    per_class: dict[str, int] = defaultdict(int)
    per_class_domains: dict[str, set[str]] = defaultdict(set)
    per_anchor: dict[tuple[str, str], set[str]] = defaultdict(set)
    per_anchor_links: dict[tuple[str, str], int] = defaultdict(int)
    refdomains: set[str] = set()
    total = 0
    for anchor, cls, sources in classed:
        key = (anchor or "", cls)
        per_class[cls] += len(sources)
        per_class_domains[cls].update(sources)
        per_anchor[key].update(sources)
        per_anchor_links[key] += len(sources)
        refdomains.update(sources)
        total += len(sources)
    classes = {cls: {"backlinks": per_class[cls], "referring_domains": len(per_class_domains[cls]),
                     "share": round(per_class[cls] / total, 4) if total else 0.0}
               for cls in CLASSES}
    rows: list[dict[str, Any]] = sorted(({"anchor": a, "class": c, "backlinks": per_anchor_links[(a, c)],
                                         "referring_domains": len(d)} for (a, c), d in per_anchor.items()),
                                        key=lambda r: (-r["referring_domains"], -r["backlinks"], r["anchor"]))
    money = [r for r in rows if is_money(r["anchor"], r["class"])]
    top = money[0] if money else None
    return AnchorProfile(
        domain=domain, keywords=list(keywords), classes=classes, anchors=rows,
        money_share=round((classes["exact"]["backlinks"] + classes["partial"]["backlinks"]) / total, 4)
        if total else 0.0,
        top_money_anchor=top["anchor"] if top else None,
        top_money_share=round(top["referring_domains"] / len(refdomains), 4) if top else 0.0)


def typical(baseline: Iterable[Mapping[str, Any]], exclude: str = "") -> dict[str, float]:
    """The median money share and top-money-anchor share over the baseline domains (rows of
    analysis/sql/audit_anchor_baseline.sql: dst_domain, anchor, image, dst_title, backlinks,
    src_domains), the audited domain (`exclude`) left out."""
    return typical_of(baseline_shares(baseline), exclude)


def baseline_shares(baseline: Iterable[Mapping[str, Any]]) -> dict[str, tuple[float, float]]:
    """Each baseline domain's (money share, top-money-anchor share), its anchors classed
    against their linked pages' titles (we do not know its keywords). What `backlinks build`
    stores (analysis/audit/aggregates.py), one domain's rows at a time if it likes."""
    by_domain: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for row in baseline:
        by_domain[row["dst_domain"]].append(row)
    out = {}
    for domain, rows in by_domain.items():
        brands = brand_names(domain)
        p = _tally(domain, [], ((r["anchor"], classify(r["anchor"], r["image"], brands=brands, title=r["dst_title"]),
                                 r["src_domains"]) for r in rows))
        out[domain] = (p.money_share, p.top_money_share)
    return out


def typical_of(shares: Mapping[str, tuple[float, float]], exclude: str = "") -> dict[str, float]:
    """The typical site of `baseline_shares`: the medians, `exclude` left out."""
    kept = [v for domain, v in shares.items() if domain != exclude]
    if not kept:
        return {"domains": 0, "money_share": 0.0, "top_money_share": 0.0}
    return {"domains": len(kept), "money_share": round(statistics.median(m for m, _ in kept), 4),
            "top_money_share": round(statistics.median(t for _, t in kept), 4)}


def warnings(p: AnchorProfile, settings: AuditSettings) -> list[str]:
    """Why the profile looks manipulated (empty when it does not)."""
    out = []
    usual = p.typical.get("money_share", 0.0)
    bar = max(settings.exact_share_floor, settings.exact_share_factor * usual)
    if p.money_share > bar:
        out.append(f"exact and partial match anchors are {p.money_share:.0%} of backlinks; "
                   f"the typical site has {usual:.0%} (warning above {bar:.0%})")
    usual_top = p.typical.get("top_money_share", 0.0)
    bar = max(settings.concentration_floor, settings.exact_share_factor * usual_top)
    if p.top_money_anchor and p.top_money_share > bar:
        out.append(f"one money anchor, {p.top_money_anchor!r}, comes from {p.top_money_share:.0%} "
                   f"of referring domains; the typical site's top one from {usual_top:.0%} "
                   f"(warning above {bar:.0%})")
    return out
