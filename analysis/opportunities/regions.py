"""Regions for local prospects: a country's code top-level domain, telephone calling code and
main language, and how a domain's signals are read against them.

A region is named by its country code top-level domain (`de`, `fr`, `uk`; `gb` is read as
`uk`). A domain is in a region when its public suffix ends with the region's TLD (`.de`,
`.co.uk`) or a phone number on its pages has the region's calling code (`tel:+49...`); its
pages' language agreeing is reported, never enough alone (English is everywhere).
"""

from __future__ import annotations

from dataclasses import dataclass

from analysis.errors import BadArgument


@dataclass(frozen=True)
class Region:
    tld: str
    calling_code: str
    language: str | None


REGIONS = {
    "de": Region("de", "49", "de"), "at": Region("at", "43", "de"), "ch": Region("ch", "41", None),
    "fr": Region("fr", "33", "fr"), "be": Region("be", "32", None), "nl": Region("nl", "31", "nl"),
    "uk": Region("uk", "44", "en"), "ie": Region("ie", "353", "en"), "us": Region("us", "1", "en"),
    "ca": Region("ca", "1", None), "au": Region("au", "61", "en"), "nz": Region("nz", "64", "en"),
    "es": Region("es", "34", "es"), "it": Region("it", "39", "it"), "pt": Region("pt", "351", "pt"),
    "pl": Region("pl", "48", "pl"), "se": Region("se", "46", "sv"), "no": Region("no", "47", "no"),
    "dk": Region("dk", "45", "da"), "fi": Region("fi", "358", "fi"), "cz": Region("cz", "420", "cs"),
    "ru": Region("ru", "7", "ru"), "jp": Region("jp", "81", "ja"), "br": Region("br", "55", "pt"),
    "in": Region("in", "91", None), "mx": Region("mx", "52", "es"),
}
ALIASES = {"gb": "uk"}


def region(name: str) -> Region:
    """The region a `--region` names; BadArgument for one not in REGIONS."""
    key = ALIASES.get(name.strip().lower().lstrip("."), name.strip().lower().lstrip("."))
    if key not in REGIONS:
        raise BadArgument("region", name, tuple(sorted(REGIONS)))
    return REGIONS[key]


def calling_code(phone: str) -> str | None:
    """The calling code of a `tel:+...` number, the longest known one it starts with."""
    digits = phone.removeprefix("tel:").lstrip("+")
    codes = sorted({r.calling_code for r in REGIONS.values()}, key=len, reverse=True)
    return next((c for c in codes if digits.startswith(c)), None)


def region_of(suffix: str, phones: list[str]) -> Region | None:
    """A site's own region: its country code TLD, else its phones' most common calling code."""
    tld = suffix.rsplit(".", 1)[-1]
    if tld in REGIONS or tld in ALIASES:
        return region(tld)
    codes = [c for c in map(calling_code, phones) if c is not None]
    best = max(set(codes), key=codes.count) if codes else None
    return next((r for r in REGIONS.values() if r.calling_code == best), None)


def signals(place: Region, suffix: str, phones: list[str], language: str | None) -> list[str]:
    """What places a domain in `place`: its TLD, a phone number, its language (the last only
    alongside one of the others)."""
    found = []
    if suffix.rsplit(".", 1)[-1] == place.tld:
        found.append(f"tld .{suffix}")
    phone = next((p for p in phones if calling_code(p) == place.calling_code), None)
    if phone is not None:
        found.append(f"phone {phone.removeprefix('tel:')}")
    if found and place.language is not None and language == place.language:
        found.append(f"language {language}")
    return found
