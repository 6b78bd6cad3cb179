"""Planting links: anchors of many shapes, rel spellings, href styles, per placement.

Each helper returns a ``Link`` whose ``anchor`` is exactly the text a correct extractor reports
(whitespace collapsed, entities decoded, the alt text for an image link) and whose ``html`` is
how the page spells it.
"""

from __future__ import annotations

import random
from html import escape
from typing import NamedTuple

from .model import Link
from .text import GENERIC_ANCHORS, NATIVE


class Target(NamedTuple):
    """A page some link can point at."""

    url: str
    title: str
    site_name: str
    host: str
    lang: str


#: rel spellings for editorial links, mostly none (the truth lower-cases and splits them)
EDITORIAL_RELS = ("", "", "", "", "", "nofollow", "NoFollow", "nofollow noopener",
                  "noopener noreferrer", "Sponsored", "external")
COMMENT_RELS = ("ugc nofollow", "UGC", "nofollow ugc", "external nofollow ugc", "",
                " NoFollow  UGC ", "nofollow")
SPONSORED_RELS = ("sponsored", "Sponsored", "sponsored noopener", "NoFollow", "sponsored nofollow")
EXTERNAL_STYLES = ("abs", "abs", "abs", "proto", "upper", "port", "frag", "ws", "utm")
INTERNAL_STYLES = ("rel", "rel", "dot", "root", "root", "abs", "frag")


def collapse(text: str) -> str:
    return " ".join(text.split())


def anchor_of(rng: random.Random, target: Target) -> tuple[str, str | None]:
    """(truth anchor, inner HTML or None) for a link to ``target``, in one of many shapes."""
    shape = rng.randrange(9)
    if shape == 0:
        return target.site_name, None
    if shape == 1:
        return target.title, None
    if shape == 2:
        return rng.choice(GENERIC_ANCHORS), None
    if shape == 3:
        return target.host, None  # the bare host as anchor text
    if shape == 4:
        return f"Read {target.site_name} today", \
            f"Read <b>{escape(target.site_name)}</b>\n      today"
    if shape == 5:
        return f"{target.title} & more", f"<em>{escape(target.title)}</em> &amp; more"
    if shape == 6 and target.lang in NATIVE:
        return rng.choice(NATIVE[target.lang]["anchors"]), None
    if shape == 7:
        return target.url, None  # the URL as anchor text
    return f"{target.site_name}'s “{target.title}”", \
        f"  {escape(target.site_name)}&#39;s &ldquo;{escape(target.title)}&rdquo;\n"


def external(rng: random.Random, target: Target, placement: str = "content") -> Link:
    """An editorial (or other) link to another site, with a varied anchor, rel and href."""
    anchor, html = anchor_of(rng, target)
    style = rng.choice(EXTERNAL_STYLES + (("idn",) if "xn--" in target.host else ()))
    return Link(target.url, anchor, placement, rng.choice(EDITORIAL_RELS), style, html=html)


def image(rng: random.Random, target: Target, placement: str = "content") -> Link:
    alt = rng.choice((f"{target.site_name} banner", f"Photo: {target.title}", ""))
    return Link(target.url, alt, placement, rng.choice(EDITORIAL_RELS), "abs", image=True)


def internal(rng: random.Random, url: str, anchor: str, placement: str = "content",
             style: str | None = None) -> Link:
    return Link(url, anchor, placement, "", style or rng.choice(INTERNAL_STYLES))


def comment(rng: random.Random, target: Target) -> Link:
    anchor = rng.choice((target.site_name, f"my blog about {target.title.lower()}",
                         target.host, "Great post, see mine"))
    return Link(target.url, anchor, "comment", rng.choice(COMMENT_RELS), "abs")


def sponsored(rng: random.Random, target: Target, placement: str = "aside") -> Link:
    return Link(target.url, f"Sponsored: {target.site_name}", placement,
                rng.choice(SPONSORED_RELS), rng.choice(("abs", "proto")))
