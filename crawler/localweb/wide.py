"""The wide mode of the local web: thousands of small topical sites, web directories as seeds,
a target that none of them links to, and the truth of who links to it.

``WideWeb(sites, seed)`` is deterministic and builds pages on demand (a web of 10,000 sites
costs little memory). It is served like ``LocalWeb`` (``respond``, ``seeds``, ``write_truth``,
``hosts_all``). ``widegraph`` plans the sites and their links by domain, ``widesite`` the
pages of one site, ``widelinks`` where each link sits; this module answers requests and
computes the truth from those plans (never from the HTML):

* ``seeds``: the directories' home pages. ``target`` and
  ``competitors``: home pages of the target site and its competitors (``targets``: all).
* ``truth_pages()``: every URL with its status and robots.txt verdict; ``wide_truth()``: one
  ``web`` row (sizes, topics, seeds, targets), a ``site`` row per site (domain, host, topic,
  kind, robots, pages, directories listing it), an ``edge`` row per pair of linked domains and
  a ``referrer`` row per (target or competitor, domain linking to it). An edge or referrer is
  ``crawlable`` when a page that robots.txt allows carries the link; ``hops`` is that page's
  distance from its site's home, ``page_rank`` its rank in the site's breadth-first order
  (so a crawl with a budget of P pages per domain sees it when ``page_rank <= P``).
* ``write_truth(path)``: the pages (and the links to the targets) as the usual truth file,
  the wide rows beside it (``wide_truth_path``); ``widetruth.read_wide_truth`` reads them.
"""

from __future__ import annotations

import functools
import json
from collections import deque
from collections.abc import Iterator
from pathlib import Path

from .model import RENDER_ORDER, Link, Page
from .robots import allowed, crawl_delay, robots_reply
from .serving import ServedWeb
from .truth import companion_path, link_rows
from .widegraph import WideGraph, WideSite
from .widelinks import Dst, SiteLinks
from .widesite import Skeleton, build_page


def wide_truth_path(path: str | Path) -> Path:
    """Where the wide rows of the truth file ``path`` go: ``x.jsonl`` -> ``x.wide.jsonl``."""
    return companion_path(path, "wide")


def home(site: WideSite) -> str:
    return f"http://{site.host}/"


class WideWeb(ServedWeb):
    """A wide web of ``sites`` sites (directories, target and competitors included)."""

    def __init__(self, sites: int = 3000, seed: int = 0) -> None:
        self.seed = seed
        self.graph = g = WideGraph(sites, seed)
        self._by_host = {s.host: s for s in g.sites}
        self._by_alias = {s.alias: s for s in g.sites}
        self._domains = {s.domain for s in g.sites}
        self.seeds = [home(g.sites[d]) for d in g.listings]
        self.target = home(g.sites[g.target])
        self.competitors = [home(g.sites[c]) for c in g.competitors]
        self.targets = [self.target, *self.competitors]
        self.skeleton = functools.lru_cache(maxsize=None)(lambda i: Skeleton(g.sites[i], g))
        self.site_links = functools.lru_cache(maxsize=1024)(
            lambda i: SiteLinks(self.skeleton(i), g, self.skeleton))
        self._cache_pages(pages=2048, bodies=2048)

    # -- what a host is like ------------------------------------------------------------------
    def _site(self, host: str) -> WideSite:
        return self._by_host.get(host) or self._by_alias[host]

    def hosts_all(self) -> list[str]:
        return list(self._by_host) + list(self._by_alias)

    def robots_kind(self, host: str) -> str:
        return self._site(host).robots

    def gzip_on(self, host: str) -> bool:
        return self._site(host).index % 4 != 3

    # -- pages ----------------------------------------------------------------------------------
    def _build(self, host: str, path: str) -> Page | None:
        site = self._by_host.get(host)
        if site is None:  # the alias host: every path redirects to the site's host
            site = self._by_alias[host]
            return Page(f"http://{host}{path}", status=301, redirect_to=f"http://{site.host}{path}")
        skel = self.skeleton(site.index)
        i = skel.index.get(path)
        if i is None:
            return None
        return build_page(skel, self.site_links(site.index), i, self.seed,
                          lambda d: self.skeleton(d).tagline)

    def external_links(self, site: int, page: int) -> list[tuple[Dst, Link]]:
        """(destination, link) of a page's links to other sites, in document order; the
        destination is a site's index, or the domain of one the web does not serve."""
        skel, links = self.skeleton(site), self.site_links(site)
        out = list(links.on_page.get(page, ()))
        if skel.pages[page].kind != "private":
            out += links.sitewide
        return sorted(out, key=lambda pair: RENDER_ORDER.index(pair[1].placement))

    def crawl_order(self, site: int) -> list[int]:
        """A site's pages as a breadth-first crawl from its home meets them."""
        skel = self.skeleton(site)
        return sorted(range(len(skel.pages)), key=lambda i: (skel.pages[i].depth, i))

    # -- truth ----------------------------------------------------------------------------------
    def truth_pages(self) -> Iterator[dict]:
        """One row per URL (robots.txt files and the aliases' redirecting home included), with
        the columns of ``LocalWeb.truth_pages`` plus ``domain``, ``depth`` and ``page_kind``."""
        for site in self.graph.sites:
            delay = crawl_delay(site.robots)
            base = {"domain": site.domain, "trap": False, "charset": "utf-8", "hostile": False,
                    "crawl_delay": delay}
            for host in (site.host, site.alias):
                yield {**base, "url": f"http://{host}/robots.txt", "host": host,
                       "status": robots_reply(site.robots).status, "robots_allowed": True,
                       "gzip": self.gzip_on(host), "redirect_to": None, "robots_txt": True,
                       "depth": None, "page_kind": "robots.txt"}
            yield {**base, "url": f"http://{site.alias}/", "host": site.alias, "status": 301,
                   "robots_allowed": allowed(site.robots, "/"), "gzip": self.gzip_on(site.alias),
                   "redirect_to": home(site), "robots_txt": False, "depth": None,
                   "page_kind": "alias"}
            for plan in self.skeleton(site.index).pages:
                yield {**base, "url": f"http://{site.host}{plan.path}", "host": site.host,
                       "status": 200, "robots_allowed": allowed(site.robots, plan.path),
                       "gzip": self.gzip_on(site.host), "redirect_to": None,
                       "robots_txt": False, "depth": plan.depth, "page_kind": plan.kind}

    def _edges(self, site: WideSite) -> dict[Dst, dict]:
        """The domains ``site`` links to, each with its link counts and where it is seen."""
        skel, order, rank = self.skeleton(site.index), 0, 0
        edges: dict[Dst, dict] = {}
        for i in self.crawl_order(site.index):
            plan = skel.pages[i]
            crawlable = allowed(site.robots, plan.path)
            rank += crawlable
            for dst, link in self.external_links(site.index, i):
                e = edges.setdefault(dst, {"links": 0, "pages": set(), "crawlable_pages": set(),
                                           "hops": None, "page_rank": None, "first": None,
                                           "dofollow": False, "placements": set()})
                e["links"] += 1
                e["pages"].add(i)
                if not crawlable:
                    continue
                e["crawlable_pages"].add(i)
                e["placements"].add(link.placement)
                e["dofollow"] |= not skel.nofollow and not {"nofollow", "ugc", "sponsored"} & set(
                    link.rel_tokens())
                if e["first"] is None:
                    e["hops"], e["page_rank"], e["first"] = plan.depth, rank, order
                order += 1
        return edges

    def wide_truth(self) -> Iterator[dict]:
        """The rows of the wide truth (see the module's docstring), ``table`` first."""
        g = self.graph
        edges = {s.index: self._edges(s) for s in g.sites}
        distance = _seed_distance(list(g.listings), edges)
        listed: dict[int, list[str]] = {}
        for d, members in g.listings.items():
            for i in members:
                listed.setdefault(i, []).append(g.sites[d].domain)
        yield {"table": "web", "sites": len(g.sites), "seed": self.seed,
               "target_topic": g.target_topic, "seeds": self.seeds, "target": g.sites[g.target].domain,
               "competitors": [g.sites[c].domain for c in g.competitors],
               "directories": [g.sites[d].domain for d in g.listings]}
        for s in g.sites:
            skel = self.skeleton(s.index)
            yield {"table": "site", "domain": s.domain, "host": s.host, "alias": s.alias,
                   "name": s.name, "topic": s.topic, "kind": s.kind, "robots": s.robots,
                   "crawl_delay": crawl_delay(s.robots), "pages": len(skel.pages),
                   "crawlable_pages": sum(allowed(s.robots, p.path) for p in skel.pages),
                   "listed_in": listed.get(s.index, []), "seed_distance": distance.get(s.index),
                   "out_domains": len(edges[s.index])}
        for s in g.sites:
            named = {(g.sites[d].domain if isinstance(d, int) else d): e
                     for d, e in edges[s.index].items()}
            for dst, e in sorted(named.items()):
                yield {"table": "edge", "src": s.domain, "dst": dst, **_edge_facts(e),
                       "served": dst in self._domains}
        for t in [g.target, *g.competitors]:
            for s in g.sites:
                found = edges[s.index].get(t)
                if found is not None:
                    yield {"table": "referrer", "target": g.sites[t].domain, "domain": s.domain,
                           "topic": s.topic, "kind": s.kind,
                           "seed_distance": distance.get(s.index), **_edge_facts(found),
                           "placements": sorted(found["placements"])}

    def target_links(self) -> Iterator[dict]:
        """Truth rows (``truth.link_rows``) of every link to a target or a competitor."""
        g = self.graph
        for t in [g.target, *g.competitors]:
            for src in g.referrers[t]:
                links = self.site_links(src)
                pages = {i for i, pairs in links.on_page.items() if any(d == t for d, _ in pairs)}
                if any(d == t for d, _ in links.sitewide):
                    pages = set(range(len(self.skeleton(src).pages)))
                for i in sorted(pages):
                    page = self._build(g.sites[src].host, self.skeleton(src).pages[i].path)
                    assert page is not None
                    yield from (row for row in link_rows(page)
                                if self._domain_of_url(row["dst_url"]) == g.sites[t].domain)

    def _domain_of_url(self, url: str) -> str | None:
        host = url.split("/")[2]
        site = self._by_host.get(host) or self._by_alias.get(host)
        return site.domain if site is not None else None

    def write_truth(self, path: str | Path) -> None:
        """The pages (``{"table": "pages", ...}``) and the links to the targets (``links``) as
        the usual truth file; the wide rows in ``wide_truth_path(path)``."""
        with open(path, "w", encoding="utf-8") as f:
            for table, rows in (("pages", self.truth_pages()), ("links", self.target_links())):
                for row in rows:
                    f.write(json.dumps({"table": table, **row}, ensure_ascii=False) + "\n")
        with open(wide_truth_path(path), "w", encoding="utf-8") as f:
            for row in self.wide_truth():
                f.write(json.dumps(row, ensure_ascii=False) + "\n")


def _edge_facts(e: dict) -> dict:
    return {"links": e["links"], "pages": len(e["pages"]), "crawlable": e["first"] is not None,
            "crawlable_pages": len(e["crawlable_pages"]), "hops": e["hops"],
            "page_rank": e["page_rank"], "first": e["first"], "dofollow": e["dofollow"]}


def _seed_distance(seeds: list[int], edges: dict[int, dict[Dst, dict]]) -> dict[int, int]:
    """Domain hops from the seeds over crawlable links (the seeds are at 0)."""
    distance = dict.fromkeys(seeds, 0)
    queue = deque(seeds)
    while queue:
        i = queue.popleft()
        for dst, e in edges[i].items():
            if isinstance(dst, int) and e["first"] is not None and dst not in distance:
                distance[dst] = distance[i] + 1
                queue.append(dst)
    return distance
