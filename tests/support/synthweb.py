"""A second, independently built topical web for discovery: sites written in a made-up
language, with topic mixtures, popularity, blogrolls and web directories.

It shares nothing with crawler/localweb's generators (their templates, vocabularies, link
rules), so that what discovery is measured on twice is two different webs, not one web twice:

- words are made-up syllables: background words (Zipf-distributed, the bulk of every text)
  and, per topic, its own words; a page is ~30% words of its site's topics, so topical
  similarity is real but noisy, and nothing in English gives a topic away;
- each site has a main topic, a second one for some, several for the generalists (news,
  magazines); its popularity ("fitness") is Pareto-distributed, and links go to a site in
  proportion to it, 70% within a topic of the linking site and 30% anywhere;
- a home page with a blogroll of external links, 2 to 9 articles each with a few links;
- web directories (the seeds) list a random third of all sites under one category page per
  topic, each with the site's name and a few words of its topic;
- a target and two competitors in one topic, linked by 60 (40) chosen sites, three quarters
  in that topic, from a random article or the home page; no directory lists them.

`SynthWeb(sites, topics, seed).respond(method, url, headers)` answers like the local web
(http only, a 502 for an unknown host); `refdomains(target)` is the truth.
"""

from __future__ import annotations

import bisect
import itertools
import json
import random
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from crawler.localweb.model import Reply

_CONS = "bcdfghjklmnprstvz"
_VOWELS = "aeiou"
_TLDS = ("com", "net", "org", "io", "info", "co", "blog")


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(_CONS) + rng.choice(_VOWELS) for _ in range(rng.randint(2, 4)))


class _Zipf:
    """Draws words from a list with Zipf weights (the first words most often)."""

    def __init__(self, words: list[str], s: float = 1.0) -> None:
        self.words = words
        self.cum = list(itertools.accumulate(1.0 / (i + 1) ** s for i in range(len(words))))

    def draw(self, rng: random.Random, n: int) -> list[str]:
        return [self.words[bisect.bisect(self.cum, rng.random() * self.cum[-1])] for _ in range(n)]


@dataclass
class Site:
    host: str
    domain: str
    name: str
    topics: list[int]
    fitness: float
    articles: int
    kind: str = "ordinary"  # ordinary, generalist, directory, target, competitor
    #: page path -> external links (destination site index, or a target's name)
    links: dict[str, list[int | str]] = field(default_factory=dict)


class SynthWeb:
    def __init__(self, sites: int = 2000, topics: int = 10, seed: int = 0) -> None:
        rng = random.Random(f"synthweb:{seed}")
        self.seed, self.topics = seed, topics
        words = list(dict.fromkeys(_word(rng) for _ in range(6000)))
        self.background = _Zipf(words[:3000])
        self.topic_words = [_Zipf(words[3000 + 250 * t: 3250 + 250 * t], 0.8) for t in range(topics)]
        self.sites: list[Site] = []
        names: set[str] = set()
        for _ in range(sites):
            name = " ".join((_word(rng), _word(rng)))
            while name in names:
                name = " ".join((_word(rng), _word(rng)))
            names.add(name)
            kind = "generalist" if rng.random() < 0.1 else "ordinary"
            main = rng.randrange(topics)
            extra = rng.sample(range(topics), 3) if kind == "generalist" else \
                ([rng.randrange(topics)] if rng.random() < 0.3 else [])
            domain = f"{name.replace(' ', '')}.{rng.choice(_TLDS)}"
            self.sites.append(Site(f"www.{domain}", domain, name.title(), [main, *extra],
                                   rng.paretovariate(1.5), rng.randint(2, 9), kind))
        self._plan_links(rng)
        self.directories = self._add_directories(rng)
        self.target_topic = rng.randrange(topics)
        self.targets = self._add_targets(rng)
        self.by_host = {s.host: s for s in self.sites}
        self.bare = {s.domain: s for s in self.sites}
        self.seeds = [f"http://{d.host}/" for d in self.directories]

    # -- the link graph ---------------------------------------------------------------------------
    def _plan_links(self, rng: random.Random) -> None:
        by_topic: list[list[int]] = [[] for _ in range(self.topics)]
        for i, s in enumerate(self.sites):
            for t in s.topics:
                by_topic[t].append(i)
        everyone = list(range(len(self.sites)))
        cum_all = list(itertools.accumulate(self.sites[i].fitness for i in everyone))
        cum_topic = [list(itertools.accumulate(self.sites[i].fitness for i in members)) for members in by_topic]

        def pick(i: int) -> int:
            site = self.sites[i]
            if rng.random() < 0.7:
                t = rng.choice(site.topics)
                members, cum = by_topic[t], cum_topic[t]
            else:
                members, cum = everyone, cum_all
            return members[bisect.bisect(cum, rng.random() * cum[-1])]

        for i, site in enumerate(self.sites):
            site.links["/"] = [pick(i) for _ in range(rng.randint(3, 12))]
            for a in range(site.articles):
                site.links[f"/post/{a}.html"] = [pick(i) for _ in range(rng.randint(0, 5))]

    def _add_directories(self, rng: random.Random) -> list[Site]:
        out = []
        for _ in range(4):
            name = f"{_word(rng).title()} Directory"
            site = Site(f"www.{name.split()[0].lower()}-dir.org", f"{name.split()[0].lower()}-dir.org", name,
                        list(range(self.topics)), 1.0, 0, "directory")
            listed = rng.sample(range(len(self.sites)), len(self.sites) // 3)
            site.links["/"] = []
            for t in range(self.topics):
                site.links[f"/cat/{t}.html"] = [i for i in listed if self.sites[i].topics[0] == t]
            out.append(site)
        self.sites.extend(out)
        return out

    def _add_targets(self, rng: random.Random) -> list[Site]:
        ordinary = [i for i, s in enumerate(self.sites) if s.kind in ("ordinary", "generalist")]
        in_topic = [i for i in ordinary if self.target_topic in self.sites[i].topics]
        off_topic = [i for i in ordinary if self.target_topic not in self.sites[i].topics]
        off_topic.sort(key=lambda i: (self.sites[i].kind != "generalist", rng.random()))
        targets = []
        for k, count in enumerate((60, 40, 40)):
            name = " ".join((_word(rng), _word(rng)))
            domain = f"{name.replace(' ', '')}.com"
            site = Site(f"www.{domain}", domain, name.title(), [self.target_topic], 1.0, 6,
                        "target" if k == 0 else "competitor")
            site.links["/"] = []
            for a in range(site.articles):
                site.links[f"/post/{a}.html"] = []
            linkers = rng.sample(in_topic, count * 3 // 4) + off_topic[: count // 4 * 2: 2]
            for i in linkers:
                page = rng.choice(list(self.sites[i].links))
                self.sites[i].links[page].append(domain)
            targets.append(site)
        self.sites.extend(targets)
        return targets

    # -- truth ------------------------------------------------------------------------------
    def refdomains(self, target: str) -> set[str]:
        """The registered domains with a page linking to `target` (every page of a site is one
        link from its home page)."""
        return {s.domain for s in self.sites for links in s.links.values() if target in links}

    def domains(self) -> list[str]:
        return [s.domain for s in self.sites]

    def truth(self) -> dict[str, Any]:
        """Seeds, targets (the first is the user's site), their referring domains, every
        domain with its kind and topics."""
        return {"seeds": self.seeds, "targets": [t.domain for t in self.targets],
                "target_topic": self.target_topic,
                "refdomains": {t.domain: sorted(self.refdomains(t.domain)) for t in self.targets},
                "domains": {s.domain: {"kind": s.kind, "topics": s.topics} for s in self.sites}}

    def write_truth(self, path: str | Path) -> None:
        Path(path).write_text(json.dumps(self.truth()))

    # -- serving ----------------------------------------------------------------------------------
    def respond(self, method: str, url: str, headers: dict[str, str]) -> Reply:
        parts = urlsplit(url)
        site = self.by_host.get(parts.hostname or "")
        bare = self.bare.get(parts.hostname or "")
        if parts.scheme == "http" and bare is not None:  # the bare domain sends to www.
            return Reply(301, [("Location", f"http://{bare.host}{parts.path or '/'}")], b"")
        if parts.scheme != "http" or site is None:
            return Reply(502, [("Content-Type", "text/plain")], b"unknown host\n")
        path = parts.path or "/"
        if path == "/robots.txt":
            return Reply(200, [("Content-Type", "text/plain")], b"User-agent: *\nDisallow: /private/\n")
        if path not in site.links:
            return Reply(404, [("Content-Type", "text/html")], b"<h1>not found</h1>")
        return Reply(200, [("Content-Type", "text/html; charset=utf-8")], self._html(site, path).encode())

    def _text(self, rng: random.Random, topics: list[int], n: int) -> str:
        words = []
        for _ in range(n):
            if rng.random() < 0.3:
                words += self.topic_words[rng.choice(topics)].draw(rng, 1)
            else:
                words += self.background.draw(rng, 1)
        return " ".join(words)

    def _anchor(self, dst: int | str, rng: random.Random) -> tuple[str, str]:
        if isinstance(dst, str):
            target = next(t for t in self.targets if t.domain == dst)
            return f"http://{target.host}/", target.name
        site = self.sites[dst]
        if site.articles and rng.random() < 0.3:
            return f"http://{site.host}/post/{rng.randrange(site.articles)}.html", self._text(rng, site.topics, 4)
        return f"http://{site.host}/", site.name

    def _html(self, site: Site, path: str) -> str:
        rng = random.Random(f"{self.seed}:{site.host}:{path}")
        title = site.name if path == "/" else f"{self._text(rng, site.topics, 5).title()} - {site.name}"
        body = [f"<h1>{escape(title)}</h1>", f"<p>{escape(self._text(rng, site.topics, rng.randint(60, 200)))}</p>"]
        items = []
        for dst in site.links[path]:
            href, anchor = self._anchor(dst, rng)
            if site.kind == "directory" and isinstance(dst, int):
                anchor = f"{self.sites[dst].name}: {self._text(rng, self.sites[dst].topics, 5)}"
            before, after = self._text(rng, site.topics, 6), self._text(rng, site.topics, 6)
            items.append(f"<p>{escape(before)} <a href=\"{escape(href)}\">{escape(anchor)}</a> {escape(after)}</p>")
        nav = [f'<a href="/">{escape(site.name)}</a>']
        if path == "/":
            nav += [f'<a href="/post/{a}.html">article {a}</a>' for a in range(site.articles)]
            nav += [f'<a href="/cat/{t}.html">category {t}</a>' for t in range(self.topics)
                    if f"/cat/{t}.html" in site.links]
        if path.startswith("/cat/"):
            body.insert(1, f"<p>{escape(self._text(rng, [int(path[5:-5])], 40))}</p>")
        return (f"<!DOCTYPE html><html><head><title>{escape(title)}</title></head><body>"
                f"<nav>{' '.join(nav)}</nav><main>{''.join(body + items)}</main></body></html>")
