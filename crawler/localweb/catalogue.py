"""The hosts of the local web: which sites exist and which features each one carries.

The first hosts are hand-made, one or more features each (see ``FEATURED``); the rest are
generated names across real public suffixes. Trap and hostile hosts are always added on top of
``hosts`` and are not seeds.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class SiteSpec:
    host: str  # as sent on the wire: lower-case, punycode
    name: str  # the site's human name
    robots: str = "allow"
    charset: str = "utf-8"
    lang: str = "en"
    gzip: bool = True
    style: str = "flat"  # article URLs: flat (/a/x.html), dated (/2025/03/x.html), query
    features: frozenset[str] = field(default_factory=frozenset)

    @property
    def private(self) -> bool:
        return self.robots in ("private", "private-allow", "delay")


def _spec(host: str, name: str, *features: str, **kw: object) -> SiteSpec:
    return SiteSpec(host.encode("idna").decode("ascii"), name, features=frozenset(features),
                    **kw)  # type: ignore[arg-type]


#: Hand-made hosts, each carrying named features. Features: base-href, meta-nofollow,
#: x-robots-nofollow, redirects (301/302 inside the site), cross-host-redirect (to the www host
#: of the same registered domain), cross-domain-redirect, errors (linked 404 and 500 pages),
#: image-map, links-to-traps, hostile-anchors (anchors written to run script where a tool
#: shows them unescaped: ``HOSTILE_ANCHORS``).
FEATURED = (
    _spec("www.alpha-news.com", "Alpha News", "base-href", "errors", "image-map", "redirects",
          "links-to-traps", robots="private"),
    _spec("blog.alpha-news.com", "Alpha News Blog", "cross-host-redirect", "meta-nofollow",
          robots="404", gzip=False, style="dated"),
    _spec("www.bücher-café.de", "Bücher Café", "x-robots-nofollow", "hostile-anchors", lang="de"),
    _spec("www.british-gardens.co.uk", "British Gardens", "redirects", "errors",
          robots="private-allow", style="dated"),
    _spec("shop.british-gardens.co.uk", "British Gardens Shop", robots="404", style="query"),
    _spec("www.open-data-portal.gov", "Open Data Portal", "base-href", "links-to-traps",
          gzip=False),
    _spec("www.state-university.edu", "State University", "redirects", robots="private",
          style="dated"),
    _spec("library.state-university.edu", "State University Library", "image-map",
          robots="404"),
    _spec("www.le-petit-journal.fr", "Le Petit Journal", charset="iso-8859-1", lang="fr"),
    _spec("www.novosti-dnya.ru", "Novosti Dnya", charset="windows-1251", lang="ru",
          robots="404", gzip=False),
    _spec("www.sakura-times.jp", "Sakura Times", charset="shift_jis", lang="ja"),
    _spec("www.closed-garden.org", "Closed Garden", robots="none"),
    _spec("www.flaky-robots.net", "Flaky Robots", robots="503"),
    _spec("www.slow-and-steady.io", "Slow and Steady", robots="delay"),
    _spec("www.bright-tech.io", "Bright Tech", "cross-domain-redirect", "errors",
          "meta-nofollow", style="dated"),
)

MIN_HOSTS = len(FEATURED)
#: The anchors of the hostile-anchors feature: the first article of its site links with each
#: to ``HOSTILE_ANCHOR_TARGET``'s home page. A page that lists backlinks must show them as text.
HOSTILE_ANCHORS = ("<script>document.title='pwned'</script>", '"><img src=x onerror="document.title=\'pwned\'">')
HOSTILE_ANCHOR_TARGET = "www.le-petit-journal.fr"

_ADJ = ("green", "daily", "north", "silver", "open", "quiet", "river", "urban", "old", "blue",
        "little", "grand", "coastal", "modern", "hidden", "sunny", "royal", "wild")
_NOUN = ("valley", "gazette", "herald", "kitchen", "garage", "lab", "journal", "courier",
         "review", "times", "observer", "post", "chronicle", "studio", "workshop", "forum",
         "digest", "gallery", "notes", "tribune")
_TLDS = ("com", "org", "net", "io", "de", "fr", "co.uk", "com", "org", "net", "edu", "gov")
_STYLES = ("flat", "dated", "query", "flat")
_ROBOTS = ("allow", "404", "private", "allow", "404")


def generated(count: int) -> list[SiteSpec]:
    """``count`` more hosts; every fourth registered domain also has a ``blog.`` host."""
    out: list[SiteSpec] = []
    seen: set[str] = set()
    i = 0
    while len(out) < count:
        adj, noun = _ADJ[i % len(_ADJ)], _NOUN[(i * 7 + i // len(_ADJ)) % len(_NOUN)]
        tld = _TLDS[i % len(_TLDS)]
        domain = f"{adj}-{noun}.{tld}"
        if domain in seen:
            domain = f"{adj}-{noun}-{i}.{tld}"
        seen.add(domain)
        name = f"{adj.capitalize()} {noun.capitalize()}"
        kw = {"robots": _ROBOTS[i % len(_ROBOTS)], "gzip": i % 3 != 2,
              "style": _STYLES[i % len(_STYLES)]}
        out.append(SiteSpec(f"www.{domain}", name, **kw))  # type: ignore[arg-type]
        if i % 4 == 1 and len(out) < count:
            out.append(SiteSpec(f"blog.{domain}", f"{name} Blog", robots="404",
                                style="dated", gzip=True))
        i += 1
    return out


def site_specs(hosts: int) -> list[SiteSpec]:
    """The crawlable sites: the featured hosts first, then generated ones, ``hosts`` in all."""
    if hosts < MIN_HOSTS:
        raise ValueError(f"hosts must be at least {MIN_HOSTS} (the featured hosts), got {hosts}")
    return list(FEATURED) + generated(hosts - MIN_HOSTS)


CALENDAR_HOST = "www.events-calendar.org"
SESSION_HOST = "www.session-shop.com"
REPEAT_HOST = "www.mirror-maze.net"
HOSTILE_HOST = "www.hostile-host.net"
SINK_HOST = "www.hostile-sink.org"
HOSTILE_HOSTS = (HOSTILE_HOST, SINK_HOST)
