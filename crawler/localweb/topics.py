"""A topical web whose backlinks have a planted value order: the truth `backlinks value` is measured on.

``TopicalWeb(seed)`` is a shop on one topic (beekeeping, astronomy, cycling or pottery, by
seed) and the sites linking to it, each planted at a *level* of value from 4 (best) to 0,
every one of the five criteria the SEO guides name moving the same way with the level:

    level  authority (sites linking to it)   topic   placement              follow    anchor      popular
    4      every hub, the .edu one included  on      in the text, words     dofollow  its own     top tier
    3      two hubs                          on      in the text, words     dofollow  its own     mid tier
    2      two hubs                          off     in the text, words     dofollow  the brand   no
    1      none                              off     the sidebar            dofollow  the brand   no
    0      none                              off     every page's footer    nofollow  money       no

so any sound measure of each criterion orders the links as the levels do; the weights of a
value do not decide the order. *Its own* anchors are phrases no other site uses; *the brand*
is the shop's name, which every level-2 and level-1 source uses; *money* is one commercial
phrase ("best beekeeping supplies") shared by the level-0 sources: a campaign anchor on
pages nobody links to is the worst a link can be (the audit calls it a campaign), so it marks
the bottom level. Hubs are general sites (news, guides, a university) that link to each
other and to the sources above. The popularity list (popularity.py) ranks the level-4
sources in its top tier and the level-3 ones in its mid tier, with well-known names around
them.

``seed`` changes the topic, the names, the texts, how many sources each level has (3 or 4)
and which of the shop's pages each links to. Served by the local web server:
``python -m crawler.localweb --web crawler.localweb.topics:TopicalWeb --web-arg seed=1``.
``truth()`` lists every planted backlink with its level; ``write_truth(PATH)`` writes it as
one JSON document and the popularity list beside it (``PATH.tranco.csv``).
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

from .model import Link, Page
from .popularity import tranco, write_tranco
from .serving import ServedWeb
from .text import WORDS

#: topic -> (the shop's name words, words of the topic)
TOPICS = {
    "beekeeping": (("meadow", "apiaries"), "beekeeping hive hives honey colony queen beeswax apiary pollen "
                   "frames smoker swarm nectar brood comb beekeeper drones workers propolis foundation"),
    "astronomy": (("dark-sky", "optics"), "telescope telescopes astronomy eyepiece nebula galaxy planets "
                  "observatory stargazing mount aperture refractor reflector constellation orbit comet "
                  "eclipse astrophotography lens meteor"),
    "cycling": (("chain-ring", "cycles"), "bicycle bicycles cycling gears derailleur saddle pedals "
                "wheels spokes tyres helmet peloton sprocket cadence frame handlebar touring "
                "puncture brakes gravel"),
    "pottery": (("kiln-fire", "ceramics"), "pottery clay kiln glaze glazes ceramics wheel stoneware "
                "porcelain earthenware throwing potter studio slip firing bisque vessel trimming "
                "terracotta stoneware"),
}
LEVELS = (4, 3, 2, 1, 0)
#: what each level plants: hubs linking to the source ("all", "two", "none"), on the shop's
#: topic, the region of its link, its rel, its anchor, its popularity tier
PLAN: dict[int, dict[str, Any]] = {
    4: {"hubs": "all", "on_topic": True, "placement": "content", "rel": "", "anchor": "own", "popular": "top"},
    3: {"hubs": "two", "on_topic": True, "placement": "content", "rel": "", "anchor": "own", "popular": "mid"},
    2: {"hubs": "two", "on_topic": False, "placement": "content", "rel": "", "anchor": "brand", "popular": None},
    1: {"hubs": "none", "on_topic": False, "placement": "aside", "rel": "", "anchor": "brand", "popular": None},
    0: {"hubs": "none", "on_topic": False, "placement": "footer", "rel": "nofollow", "anchor": "money",
        "popular": None},
}
_HUBS = (("city", "herald", "com"), ("weekend", "guide", "com"), ("daily", "ledger", "net"),
         ("open", "notes", "org"), ("county", "times", "com"), ("northfield", "college", "edu"))
_SOURCE_WORDS = ("journal", "notes", "club", "digest", "corner", "review", "weekly", "society", "almanac",
                 "gazette", "circle", "forum", "diary", "post", "letters", "bulletin", "chronicle")
PAGES = ("/", "/a/1.html", "/a/2.html", "/about.html")


class TopicalWeb(ServedWeb):
    """The shop, its sources by level and the hubs; deterministic per seed."""

    def __init__(self, seed: int = 0, epoch: int = 1) -> None:
        self.seed, self.epoch = seed, epoch  # one epoch: the web does not change
        rng = random.Random(f"topical:{seed}")
        topics = list(TOPICS)
        self.topic = topics[seed % len(topics)]
        words, vocabulary = TOPICS[self.topic]
        self.words = vocabulary.split()
        self.target = f"www.{words[0]}-{words[1]}.com"
        self.brand = f"{words[0].replace('-', ' ').title()} {words[1].title()}"
        self.money_anchor = f"best {self.topic} supplies"
        self.target_pages = ("/", "/shop/starter-kit.html", "/shop/guide.html", "/about.html")
        self.hubs = [f"www.{a}-{b}.{tld}" for a, b, tld in _HUBS]
        self.sources: dict[str, dict[str, Any]] = {}
        names = rng.sample(_SOURCE_WORDS, len(_SOURCE_WORDS))
        for level in LEVELS:
            for _ in range(rng.choice((3, 4))):
                self._add_source(rng, level, names)
        self._cache_pages()

    def _add_source(self, rng: random.Random, level: int, names: list[str]) -> None:
        plan = PLAN[level]
        topic = self.topic if plan["on_topic"] else rng.choice([t for t in TOPICS if t != self.topic])
        word = names[len(self.sources) % len(names)]
        host = f"www.{topic}-{word}-{len(self.sources) + 1}.org" if level < 3 else f"www.{topic}-{word}.org"
        own = f"{rng.choice(self.words)} and {rng.choice(self.words)} at {self.brand} ({word})"
        anchors = {"own": own, "brand": self.brand, "money": self.money_anchor}
        self.sources[host] = {**plan, "level": level, "topic": topic, "name": f"{topic.title()} {word.title()}",
                              "anchor_text": anchors[plan["anchor"]],
                              "dst": f"http://{self.target}{rng.choice(self.target_pages)}"}

    # -- ServedWeb -----------------------------------------------------------------------------
    @property
    def seeds(self) -> list[str]:
        return [f"http://{h}/" for h in [self.target, *self.sources, *self.hubs]]

    def hosts_all(self) -> list[str]:
        return [self.target, *self.sources, *self.hubs]

    def robots_kind(self, host: str) -> str:
        return "allow"

    def gzip_on(self, host: str) -> bool:
        return True

    def _build(self, host: str, path: str) -> Page | None:
        pages = self.target_pages if host == self.target else PAGES
        if path not in pages or host not in self.hosts_index:
            return None
        rng = random.Random(f"topical:{self.seed}:{host}{path}")
        if host == self.target:
            return self._page(rng, host, path, self.brand, self.topic, pages)
        if host in self.sources:
            return self._source(rng, host, path)
        return self._hub(rng, host, path)

    def _page(self, rng: random.Random, host: str, path: str, name: str, topic: str,
              pages: tuple[str, ...]) -> Page:
        """A page of `host` about `topic`: its title, description, paragraphs, navigation and
        a contact address on its about page."""
        vocab = TOPICS[topic][1].split() if topic in TOPICS else []
        page = Page(f"http://{host}{path}", title=f"{name}: {self._phrase(rng, vocab, 4).title()}",
                    description=self._sentence(rng, vocab), site_name=name,
                    paragraphs=[self._paragraph(rng, vocab) for _ in range(4)])
        if path == "/about.html":
            page.paragraphs.append(f"Write to hello@{host.removeprefix('www.')} with questions.")
        page.links = [Link(f"http://{host}/", "Home", "nav", style="root")]
        page.links += [Link(f"http://{host}{p}", f"Page {i}", "nav", style="root") for i, p in enumerate(pages[1:], 1)]
        return page

    def _source(self, rng: random.Random, host: str, path: str) -> Page:
        s = self.sources[host]
        page = self._page(rng, host, path, s["name"], s["topic"], PAGES)
        link = Link(s["dst"], s["anchor_text"], s["placement"], s["rel"])
        if s["placement"] == "footer" or path == "/a/1.html":
            page.links.append(link)
        return page

    def _hub(self, rng: random.Random, host: str, path: str) -> Page:
        page = self._page(rng, host, path, host.split(".")[1].replace("-", " ").title(), "", PAGES)
        if path != "/a/1.html":
            return page
        at = self.hubs.index(host)
        page.links.append(Link(f"http://{self.hubs[(at + 1) % len(self.hubs)]}/", "a neighbour's news"))
        for source, s in self.sources.items():
            if s["hubs"] == "all" or (s["hubs"] == "two" and at in self._two_hubs(source)):
                page.links.append(Link(f"http://{source}/", f"{s['name']}: recommended reading"))
        return page

    def _two_hubs(self, source: str) -> tuple[int, int]:
        """The two general hubs (never the university) linking to a source of that plan."""
        k = list(self.sources).index(source)
        return k % 5, (k + 2) % 5

    # -- text ----------------------------------------------------------------------------------
    @staticmethod
    def _phrase(rng: random.Random, vocab: list[str], n: int) -> str:
        return " ".join(rng.choice(vocab) if vocab and rng.random() < 0.6 else rng.choice(WORDS[20:])
                        for _ in range(n))

    def _sentence(self, rng: random.Random, vocab: list[str]) -> str:
        return f"{self._phrase(rng, vocab, rng.randint(9, 16)).capitalize()}."

    def _paragraph(self, rng: random.Random, vocab: list[str]) -> str:
        return " ".join(self._sentence(rng, vocab) for _ in range(rng.randint(3, 5)))

    # -- truth ---------------------------------------------------------------------------------
    def popular(self) -> dict[str, str]:
        """Registered domain -> popularity tier of the sources the list names."""
        return {h.removeprefix("www."): s["popular"] for h, s in self.sources.items() if s["popular"]}

    def truth(self) -> dict[str, Any]:
        """The seeds, the shop and every planted backlink with its source's level and plan."""
        links = []
        for host, s in self.sources.items():
            for path in PAGES if s["placement"] == "footer" else ("/a/1.html",):
                links.append({"src_url": f"http://{host}{path}", "src_domain": host.removeprefix("www."),
                              "dst_url": s["dst"], "level": s["level"], "anchor": s["anchor_text"],
                              **{k: s[k] for k in ("hubs", "on_topic", "placement", "rel", "popular")}})
        return {"seeds": self.seeds, "target": self.target.removeprefix("www."), "topic": self.topic,
                "backlinks": links, "popularity": [list(r) for r in tranco(self.popular(), self.seed)]}

    def write_truth(self, path: str | Path) -> None:
        truth = self.truth()
        Path(path).write_text(json.dumps(truth, indent=1), encoding="utf-8")
        write_tranco(truth["popularity"], toplist_path(path))


def toplist_path(truth_path: str | Path) -> Path:
    """Where `write_truth` puts the popularity list: beside the truth file."""
    return Path(f"{truth_path}.tranco.csv")
