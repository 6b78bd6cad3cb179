"""Domain arguments as users type them: `x.com`, `www.x.co.uk`, `https://x.com/path`, `Bücher.de.`

Hosts and registered domains are normalised by the extractor's own functions
(pipelines/extractor/urls.py), so an argument reads as the rows were written.
"""

from __future__ import annotations

from analysis.errors import BadDomain
from pipelines.extractor.urls import host_of, registered_domain

_SCHEMES = ("http://", "https://")


def host_name(text: str) -> str:
    """The host an argument names: lower-case, IDN in punycode, no port, no trailing dot."""
    raw = text.strip()
    url = raw if "://" in raw else f"http://{raw}"
    if not url.lower().startswith(_SCHEMES) or any(c.isspace() for c in raw):
        raise BadDomain(text)
    host = host_of(url).rstrip(".")
    if not host or host.startswith("."):
        raise BadDomain(text)
    return host


def candidates(text: str) -> list[str]:
    """The names to look an argument up under, most specific first: its host, then the
    host's registered domain (www.x.co.uk, then x.co.uk)."""
    host = host_name(text)
    return list(dict.fromkeys([host, registered_domain(host)]))
