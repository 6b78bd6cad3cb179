"""Seeds: bare domains or URLs, validated and turned into the URLs a crawl starts from.

A bare domain (``example.com``) is tried over https first and over http when https fails,
as a browser's address bar does; a URL is fetched as given.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from crawler.errors import BadSeed, SeedsFileError
from pipelines.extractor.urls import canonical_url, host_of, registered_domain

_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")
_HOST_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")


@dataclass(frozen=True)
class Seed:
    """One seed: the URLs to try in order, and the registered domain the crawl stays in."""

    text: str
    urls: tuple[str, ...]
    domain: str


def parse_seed(text: str, *, private_suffixes: bool = False, www: bool = False) -> Seed:
    """Validate one seed; raise BadSeed with the reason when it is not crawlable. With `www`,
    a bare domain without a `www.` is also tried as `www.` + domain when it fails (a site
    that answers only there)."""
    raw = text.strip()
    if not raw:
        raise BadSeed("empty seed")
    if _SCHEME.match(raw):
        scheme = raw.split(":", 1)[0].lower()
        if scheme not in ("http", "https"):
            raise BadSeed(f"not an http(s) URL: {raw!r}")
        candidates = [raw]
    else:
        if "/" in raw or " " in raw:
            raise BadSeed(f"neither a domain nor an http(s) URL: {raw!r}")
        candidates = [f"https://{raw}/", f"http://{raw}/"]
        if www and not raw.lower().startswith("www."):
            candidates += [f"https://www.{raw}/", f"http://www.{raw}/"]
    try:
        urls = tuple(canonical_url(u) for u in candidates)
        host = host_of(urls[0])
    except ValueError as exc:
        raise BadSeed(f"not a valid URL: {raw!r} ({exc})") from None
    if not host or not _valid_host(host, bare=len(candidates) > 1):
        raise BadSeed(f"not a valid host name: {raw!r}")
    return Seed(raw, urls, registered_domain(host, private=private_suffixes))


def _valid_host(host: str, *, bare: bool) -> bool:
    """A DNS name of valid labels (a bare domain needs a dot: "localhost" must be a URL)."""
    if host.replace(".", "").isdigit() or ":" in host or host.startswith("["):
        return True  # an IP literal: valid, the address guard decides
    labels = host.rstrip(".").split(".")
    return (len(labels) >= 2 or not bare) and all(_HOST_LABEL.match(label) for label in labels)


def read_seeds_file(path: str | Path) -> list[str]:
    """Seeds from a text file: one per line, blank lines and `#` comments skipped."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SeedsFileError(f"cannot read seeds file {path}: {exc}") from None
    return [line.split("#", 1)[0].strip() for line in text.splitlines() if line.split("#", 1)[0].strip()]


def parse_seeds(texts: list[str], *, private_suffixes: bool = False, www: bool = False) -> list[Seed]:
    """Parse and deduplicate seeds, keeping the first occurrence's order."""
    seen: set[tuple[str, ...]] = set()
    seeds = []
    for text in texts:
        seed = parse_seed(text, private_suffixes=private_suffixes, www=www)
        if seed.urls not in seen:
            seen.add(seed.urls)
            seeds.append(seed)
    return seeds
