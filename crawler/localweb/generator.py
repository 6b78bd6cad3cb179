"""The local web: many virtual hosts with planted links, their replies, and the ground truth.

``LocalWeb(hosts, seed, epoch, page_kb)`` is deterministic: the same arguments give the same
pages and the same truth in any process. ``respond()`` answers a request for any of its URLs
(the server calls it for every request); ``truth_links()`` / ``truth_pages()`` list what exists.

The hosts (``hosts`` = the crawlable sites; 3 trap and 2 hostile hosts come on top):

* featured sites (``catalogue.FEATURED``): two hosts of one domain (www./blog.alpha-news.com,
  www./shop.british-gardens.co.uk, www./library.state-university.edu), .co.uk, .gov, .edu, an
  IDN host (``www.bücher-café.de``, served and recorded as ``www.xn--bcher-caf-j4a4r.de``),
  charsets declared only in the Content-Type header (ISO-8859-1 ``www.le-petit-journal.fr``,
  windows-1251 ``www.novosti-dnya.ru``, Shift_JIS ``www.sakura-times.jp``), robots.txt that
  disallows ``/private/`` (with an Allow exception and a BadBot group on british-gardens),
  disallows all (``www.closed-garden.org``), answers 503 (``www.flaky-robots.net``), sets
  ``Crawl-delay: 1`` (``www.slow-and-steady.io``), or is missing (404); 301/302 redirects, one
  to the www host of the same domain (``blog.alpha-news.com/old-post.html``), one to another
  domain (``www.bright-tech.io/moved.html``); linked 404 and 500 pages; ``<base href>`` (absolute
  on another host, and relative); meta robots nofollow and ``X-Robots-Tag: nofollow``; an image
  map; anchors that are markup (``<script>``, ``"><img onerror=...>``: ``HOSTILE_ANCHORS``, on
  ``www.bücher-café.de``'s first article, to ``www.le-petit-journal.fr``); gzip on most hosts
  when asked.
* generated sites across .com .org .net .io .de .fr .co.uk .edu .gov, some with a blog. host.
* every page: links in header (logo image), nav, content (related articles, links to other
  sites with varied anchors, rel in mixed case, href styles: relative, ``../``, ``./``,
  root-relative, protocol-relative, upper-case scheme/host, ``:80``, ``#fragment``, surrounding
  whitespace, ``utm_*``, unicode IDN host), comments (ugc), sidebar (sponsored partners),
  promo (other), footer ("Powered by"), and on some pages decoys that are not links.
* every page of a site is within three links of its home page, on the same host.
* traps (``traps.py``) and hostile hosts (``hostile.py``) are not in ``seeds``:
  ``trap_seeds`` lists the traps' home pages.
* ``fanout`` sites (``traps.fanout_sites``: every page links to 300 new pages of its own
  site), none by default, are not in ``seeds`` either: ``fanout_seeds`` lists them.

``epoch=2`` changes the web a little: three articles gain a link, three lose one, one article
answers 404; ``changes()`` lists them (and the truth file records them).

Planted spam (``spam.py``, on unless ``spam=False``): a link network sharing analytics ids, link
farms, sitewide footer links, casino/pharmacy/loans pages, an exact-match anchor campaign, all
aimed at one ordinary site, and spike sites that robots.txt opens only at epoch 2. Their hosts
come on top of ``hosts`` and are in ``seeds`` (after the ordinary sites); ``spam_truth()`` says
what each plants, and ``write_truth`` writes it beside the truth file (``spam_truth_path``).
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

from .catalogue import HOSTILE_HOSTS, site_specs
from .hostile import hostile_pages, hostile_reply
from .links import collapse
from .model import Link, Page, Reply
from .robots import allowed, crawl_delay, robots_reply
from .serving import ServedWeb, not_found
from .site import Neighbours, SiteBuilder, SitePlan
from .spam import SpamWeb, domain_of
from .text import Filler
from .traps import TrapSite, fanout_sites, trap_sites
from .truth import link_rows, spam_truth_path


class LocalWeb(ServedWeb):
    """A deterministic web of ``hosts`` sites (plus trap and hostile hosts)."""

    def __init__(self, hosts: int = 50, seed: int = 0, epoch: int = 1, page_kb: int = 0,
                 spam: bool = True, fanout: int = 0) -> None:
        if epoch not in (1, 2):
            raise ValueError(f"epoch must be 1 or 2, got {epoch}")
        self.hosts, self.seed, self.epoch, self.page_kb = hosts, seed, epoch, page_kb
        self.filler = Filler(seed)
        self.plans = [SitePlan(spec, seed) for spec in site_specs(hosts)]
        self.traps: dict[str, TrapSite] = {t.host: t for t in trap_sites()}
        near = Neighbours(self.plans, [t.target() for t in self.traps.values()])
        self.builders = {p.spec.host: SiteBuilder(p, near, self.filler, page_kb)
                         for p in self.plans}
        self.seeds = [p.root + "/" for p in self.plans]
        self.trap_seeds = [t.root + "/" for t in self.traps.values()]
        fanouts = fanout_sites(fanout)  # after Neighbours: no site links to them
        self.traps.update((t.host, t) for t in fanouts)
        self.fanout_seeds = [t.root + "/" for t in fanouts]
        self._changes = self._plan_changes()
        self.spam = SpamWeb(self.plans, seed, epoch, self.filler, self._changed_domains()) \
            if spam else None
        if self.spam is not None:
            self.seeds += self.spam.seeds
        self._cache_pages()

    # -- what a host is like --------------------------------------------------------------
    def robots_kind(self, host: str) -> str:
        if self.spam is not None and host in self.spam.sites:
            return self.spam.robots_kind(host)
        plan = self.builders.get(host)
        return plan.plan.spec.robots if plan is not None else "allow"

    def gzip_on(self, host: str) -> bool:
        if host in self.builders:
            return self.builders[host].plan.spec.gzip
        return host in self.traps or (self.spam is not None and host in self.spam.sites)

    def hosts_all(self) -> list[str]:
        spam = list(self.spam.sites) if self.spam is not None else []
        return list(self.builders) + spam + list(self.traps) + list(HOSTILE_HOSTS)

    # -- pages ----------------------------------------------------------------------------
    def _build(self, host: str, path: str) -> Page | None:
        if host in self.traps:
            return self.traps[host].build(path)
        if self.spam is not None and host in self.spam.sites:
            return self.spam.build(host, path)
        builder = self.builders.get(host)
        page = builder.build(path) if builder is not None else None
        if page is not None and self.epoch == 2:
            self._apply_change(page)
        return page

    def _padding(self, page: Page) -> list[str] | None:
        if not page.pad_kb:
            return None
        return self.filler.pad(random.Random(f"{self.seed}:pad:{page.url}"), page.pad_kb)

    def _special(self, host: str, path: str) -> Reply | None:
        return (hostile_reply(host, path) or not_found()) if host in HOSTILE_HOSTS else None

    # -- epoch 2 --------------------------------------------------------------------------
    def _plan_changes(self) -> dict[str, tuple[str, Link | None]]:
        """url -> (change, link): three links added, three removed, one page gone."""
        rng = random.Random(f"{self.seed}:epoch2")
        candidates = [(p, i) for p in self.plans if p.spec.robots not in ("none", "503")
                      for i in range(5, len(p.articles))]
        picks = rng.sample(candidates, 7)
        changes: dict[str, tuple[str, Link | None]] = {}
        for n, (plan, i) in enumerate(picks):
            url = plan.articles[i].url
            page = self.builders[plan.spec.host].build(plan.path(url))
            assert page is not None
            on_page = {link.dst for link in page.links}
            if n < 3:
                other = next(p for p in self.plans[n * 5 + 1:] + self.plans
                             if p.root + "/" not in on_page and p is not plan)
                link = Link(other.root + "/", f"New in epoch 2: {other.spec.name}", style="abs")
                changes[url] = ("link_added", link)
            elif n < 6:
                content = [k for k in page.links if k.placement == "content"
                           and sum(k.dst == x.dst for x in page.links) == 1]
                changes[url] = ("link_removed", content[-1])
            else:
                changes[url] = ("page_removed", None)
        return changes

    def _changed_domains(self) -> set[str]:
        """The registered domains whose backlinks epoch 2's changes touch (the spam's target
        and its spike stay clear of them, so each change is told apart)."""
        out: set[str] = set()
        for url, (change, link) in self._changes.items():
            if link is not None:
                out.add(domain_of(link.dst.split("/")[2]))
            elif change == "page_removed":
                plan = next(p for p in self.plans if url.startswith(p.root + "/"))
                page = self.builders[plan.spec.host].build(plan.path(url))
                out |= {domain_of(k.dst.split("/")[2]) for k in page.links} if page else set()
        return out

    def _apply_change(self, page: Page) -> None:
        change, link = self._changes.get(page.url, (None, None))
        if change == "link_added":
            page.links.append(link)  # type: ignore[arg-type]
        elif change == "link_removed":
            page.links.remove(link)  # type: ignore[arg-type]
        elif change == "page_removed":
            page.status, page.links, page.title = 404, [], "Not found"

    def changes(self) -> Iterator[dict]:
        """What epoch 2 changed (nothing at epoch 1)."""
        if self.epoch != 2:
            return
        for url, (change, link) in self._changes.items():
            yield {"epoch": 2, "change": change, "src_url": url,
                   "dst_url": link.dst if link else None,
                   "anchor_text": collapse(link.anchor) if link else None}

    # -- truth ----------------------------------------------------------------------------
    def _truth_urls(self) -> Iterator[tuple[str, str]]:
        for host, builder in self.builders.items():
            yield host, "/robots.txt"
            yield from ((host, path) for path in builder.plan.routes)
        for host, site in (self.spam.sites.items() if self.spam is not None else ()):
            yield host, "/robots.txt"
            yield from ((host, path) for path in site.paths)
        for host, trap in self.traps.items():
            yield host, "/robots.txt"
            yield from ((host, path) for path in trap.truth_paths())
        yield from ((host, "/robots.txt") for host in HOSTILE_HOSTS)

    def _all_pages(self) -> Iterator[tuple[str, str, Page | None]]:
        """(host, path, page or None for robots.txt) of every URL the truth lists."""
        for host, path in self._truth_urls():
            yield host, path, None if path == "/robots.txt" else self.page(host, path)
        for page in hostile_pages():
            host = urlsplit(page.url).hostname or ""
            yield host, page.url.split(host, 1)[1], page

    def truth_links(self) -> Iterator[dict]:
        for _host, _path, page in self._all_pages():
            if page is not None:
                yield from link_rows(page)

    def truth_pages(self) -> Iterator[dict]:
        for host, path, page in self._all_pages():
            hostile = host in HOSTILE_HOSTS
            kind = self.robots_kind(host)
            status = robots_reply(kind).status if page is None else page.status
            yield {"url": f"http://{host}{path}", "host": host, "status": status,
                   "robots_allowed": allowed(kind, path),
                   "trap": bool(page and page.trap), "charset": page.charset if page else "utf-8",
                   "gzip": self.gzip_on(host), "crawl_delay": crawl_delay(kind),
                   "redirect_to": page.redirect_to if page else None,
                   "robots_txt": page is None, "hostile": hostile}

    def spam_truth(self) -> Iterator[dict]:
        """What the planted spam links to (spam.py): one row per (spam domain, linked domain,
        kind); nothing with ``spam=False``."""
        if self.spam is not None:
            yield from self.spam.truth()

    def write_truth(self, path: str | Path) -> None:
        """The truth as JSON lines: ``{"table": "pages"|"links"|"changes", ...row}``; the spam
        rows (``{"table": "spam", ...}``) go to ``spam_truth_path(path)`` beside it, so readers
        of the three tables above are not surprised by a fourth."""
        with open(path, "w", encoding="utf-8") as f:
            for table, rows in (("pages", self.truth_pages()), ("links", self.truth_links()),
                                ("changes", self.changes())):
                for row in rows:
                    f.write(json.dumps({"table": table, **row}, ensure_ascii=False) + "\n")
        with open(spam_truth_path(path), "w", encoding="utf-8") as f:
            for row in self.spam_truth():
                f.write(json.dumps({"table": "spam", **row}, ensure_ascii=False) + "\n")
