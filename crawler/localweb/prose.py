"""Text of the wide web: sentences, titles, taglines and site names from ``vocab``'s words.

A page about a topic draws each noun, verb and adjective slot of its sentence templates from
the topic's words with probability ``share`` (else from general English), and sometimes a
topic phrase ("index fund"). The result reads like loose English, carries its topic in its
content words, and shares most of its words with pages of other topics: real, noisy topical
similarity. Everything is drawn from the ``random.Random`` passed in (deterministic per page).
"""

from __future__ import annotations

import random
import re

from . import vocab as V
from .vocab import Topic

#: share of a topical page's content words taken from its topic
TOPIC_SHARE = 0.45

_SENTENCES = (
    "{D} {a} {n} {vs} {d} {n} {p} {d} {n}.",
    "{S} {av} {v} {d} {n} {p} {d} {a} {n}.",
    "{Cap_n} {vs} {d} {n}, {c} {d} {n} {vs} {av}.",
    "{D} {n} is {a} {c} {d} {n} is {a}.",
    "{S} {vpast} {d} {a} {n} {p} {M} {c} it {vpast} {d} {n}.",
    "If {S2} {v} {d} {n}, {v} {d} {a} {n} {p} {d} {n} first.",
    "{D} {n} {p} {d} {n} {vs} more than {d} {n} {av}.",
    "There is no {a} {n} {p} {d} {n}, {c} {d} {n} {vs} {d} {n}.",
    "{S} {av} {v} {d} {n} {c} {d} {a} {n} {vs} {d} {n}.",
)
_TITLES = (
    "How to {v} {d} {a} {n}", "{N} {a} {ns} for {season}", "A beginner's guide to {n}",
    "Why {n} matters more than {n}", "{A} {n}: what we learned", "Our {n} review",
    "{Cap_n} and {n}: a practical guide", "The {a} {n} checklist", "{N} mistakes with {n}",
    "What I {vpast} about {n} this {when}", "{Cap_n} vs {n}: which one", "In praise of {a} {ns}",
    "{Cap_n} notes from {M}", "Everything about {n}",
)
_TAGLINES = ("{a} {n} and {n}", "notes on {n}, {n} and {n}", "{n}, {n} and more",
             "a blog about {a} {ns}", "stories of {n} and {n}", "{a} {n} since {year}")
_SEASONS = ("spring", "summer", "autumn", "winter", "the weekend", "beginners", "busy people")
_WHEN = ("spring", "summer", "autumn", "winter", "year", "month", "week")


def plural(noun: str) -> str:
    if noun.endswith(("s", "sh", "ch", "x", "z")):
        return noun + "es"
    if noun.endswith("y") and noun[-2:-1] not in ("a", "e", "i", "o", "u"):
        return noun[:-1] + "ies"
    return noun + "s"


def third(verb: str) -> str:
    """``climb`` -> ``climbs`` (the first word of a phrasal verb: ``warm up`` -> ``warms up``)."""
    head, _, rest = verb.partition(" ")
    return plural(head) + (" " + rest if rest else "")


_IRREGULAR = {"give": "gave", "grow": "grew", "take": "took", "make": "made", "find": "found",
              "keep": "kept", "bring": "brought", "choose": "chose", "build": "built",
              "spend": "spent", "lend": "lent", "feed": "fed", "ride": "rode", "run": "ran",
              "sing": "sang", "fly": "flew", "shoot": "shot", "teach": "taught", "buy": "bought",
              "lead": "led", "read": "read", "set": "set", "sow": "sowed", "fix": "fixed",
              "pay": "paid", "think": "thought", "win": "won", "begin": "began", "cut": "cut",
              "hold": "held", "lose": "lost", "sell": "sold", "tell": "told", "write": "wrote"}
_VOWELS = "aeiou"


def past(verb: str) -> str:
    head, _, rest = verb.partition(" ")
    if head in _IRREGULAR:
        head = _IRREGULAR[head]
    elif head.endswith("e"):
        head += "d"
    elif head.endswith("y") and head[-2:-1] not in _VOWELS:
        head = head[:-1] + "ied"
    elif len(head) <= 5 and head[-1] not in _VOWELS + "wxy" and head[-2] in _VOWELS \
            and head[-3] not in _VOWELS:  # plan -> planned, trek -> trekked
        head += head[-1] + "ed"
    else:
        head += "ed"
    return head + (" " + rest if rest else "")


_A_AN = re.compile(r"\b([Aa]) (?=[aeiouAEIOU])")


class Words:
    """Draws words for pages about ``topic`` (``None``: general English only)."""

    def __init__(self, rng: random.Random, topic: Topic | None, share: float = TOPIC_SHARE) -> None:
        self.rng, self.topic, self.share = rng, topic, share

    def _pick(self, topical: tuple[str, ...], general: tuple[str, ...]) -> str:
        if self.topic is not None and self.rng.random() < self.share:
            # Zipf-like: the first words of a topic's lists are its commonest
            word = topical[int(len(topical) * self.rng.random() ** 1.6)]
        else:
            word = self.rng.choice(general)
        return word.replace("-", " ") if " " not in word else word

    def noun(self) -> str:
        if self.topic is not None and self.rng.random() < self.share * 0.25:
            return self.rng.choice(self.topic.phrases)
        return self._pick(self.topic.nouns if self.topic else (), V.GENERAL_NOUNS)

    def verb(self) -> str:
        return self._pick(self.topic.verbs if self.topic else (), V.GENERAL_VERBS)

    def adjective(self) -> str:
        if self.topic is not None and self.rng.random() < self.share:
            return self.rng.choice(self.topic.adjectives)
        return self.rng.choice(V.GENERAL_ADJECTIVES)

    def fill(self, template: str) -> str:
        r = self.rng
        slots = {
            "n": self.noun, "a": self.adjective, "v": self.verb,
            "vs": lambda: third(self.verb()), "vpast": lambda: past(self.verb()),
            "ns": lambda: plural(self.noun()), "Cap_n": lambda: self.noun().capitalize(),
            "A": lambda: self.adjective().capitalize(), "N": lambda: r.choice(V.NUMBERS),
            "d": lambda: r.choice(V.DETERMINERS), "D": lambda: r.choice(V.DETERMINERS).capitalize(),
            "p": lambda: r.choice(V.PREPOSITIONS), "c": lambda: r.choice(V.CONNECTORS),
            "av": lambda: r.choice(V.ADVERBS), "S": lambda: _cap(r.choice(V.SUBJECTS)),
            "S2": lambda: r.choice(V.SUBJECTS), "M": lambda: r.choice(V.MONTHS),
            "season": lambda: r.choice(_SEASONS), "when": lambda: r.choice(_WHEN),
            "year": lambda: str(r.randint(2004, 2022)),
        }
        out, rest = [], template
        while "{" in rest:
            before, _, tail = rest.partition("{")
            name, _, rest = tail.partition("}")
            out += [before, slots[name]()]
        return _A_AN.sub(r"\1n ", "".join(out) + rest)

    def sentence(self) -> str:
        return self.fill(self.rng.choice(_SENTENCES))

    def paragraph(self) -> str:
        return " ".join(self.sentence() for _ in range(self.rng.randint(3, 6)))

    def title(self) -> str:
        return self._strong(_TITLES)

    def tagline(self) -> str:
        return _cap(self._strong(_TAGLINES))

    def _strong(self, templates: tuple[str, ...]) -> str:
        """A title or tagline: short, so it says its topic more often than body text does."""
        share, self.share = self.share, min(1.0, self.share + 0.3)
        try:
            return self.fill(self.rng.choice(templates))
        finally:
            self.share = share


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def site_name(rng: random.Random, topic: Topic | None, topical: bool) -> tuple[str, str]:
    """(display name, domain label) of a new site: topical (``Trail Notes``, ``trail-notes``)
    or not (``Blue Finch``, a person's name, an invented brand)."""
    if topical and topic is not None:
        first = rng.choice(topic.name_words)
        second = rng.choice(topic.name_words + V.TOPICAL_SUFFIXES)
        words = ["the", first, second] if rng.random() < 0.15 else [first, second]
    else:
        shape = rng.random()
        if shape < 0.5:
            words = [rng.choice(V.NAME_FIRST), rng.choice(V.NAME_SECOND)]
        elif shape < 0.75:
            words = [rng.choice(V.GIVEN_NAMES), rng.choice(V.FAMILY_NAMES)]
        else:
            brand = "".join(rng.choice(V.SYLLABLES) for _ in range(rng.randint(2, 3)))
            words = [brand]
    name = " ".join(w.capitalize() for w in words)
    label = ("-" if len(words) > 1 and rng.random() < 0.35 else "").join(words)
    return name, label


def tld(rng: random.Random) -> str:
    names, weights = zip(*V.TLDS, strict=True)
    return rng.choices(names, weights)[0]
