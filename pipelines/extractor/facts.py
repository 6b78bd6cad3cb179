"""Page facts beside the links: robots directives, the `Link` header, a near-duplicate
fingerprint of the text, the main text, analytics/ad account ids and contact details. (scan.py reads the
title, description and metas from the parse; structured.py the JSON-LD and OpenGraph.)

Robots directives follow Google's reading of meta robots and X-Robots-Tag: `none` means
`noindex, nofollow`; a header value may name a bot (`googlebot: nofollow`), and then it
binds only that bot. We obey the generic forms and those naming our own bot.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import unquote

import numpy as np

from pipelines.extractor.decode import clean

if TYPE_CHECKING:
    from selectolax.lexbor import LexborNode

#: The bot name whose specific directives we obey, beside the generic ones (its
#: `<meta name=backlinks>` is read by scan.py, as `<meta name=robots>` is).
BOT_NAME = "backlinks"
#: Longest string kept for a page fact (a title or description is not a book).
MAX_FACT = 2000
#: The main text kept of each page (`pages.text`), in characters: enough for a page's topic
#: (relevance, mentions of a brand), short of the long tail of very long pages.
MAX_TEXT = 16384
#: Page regions that are not the page's own content: their text is left out of `pages.text`
#: (a `<header>` or `<footer>` inside an article or main is the article's: kept).
_BOILERPLATE_TAGS = frozenset({"nav", "aside", "header", "footer"})
_BOILERPLATE_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "search"})
_CONTENT_TAGS = frozenset({"article", "main"})

# X-Robots-Tag directives that carry a value after a colon, so that `max-snippet: 20` is
# not read as a bot named "max-snippet".
_VALUED = frozenset({"unavailable_after", "max-snippet", "max-image-preview", "max-video-preview"})
_BOT_PREFIX = re.compile(r"^\s*([A-Za-z0-9_.*-]+)\s*:\s*(.*)$", re.S)
_OURS = frozenset({"robots", "*", BOT_NAME})


def split_text(container: LexborNode | None) -> tuple[str, str | None]:
    """The page's visible text, and its main text (`pages.text`): the visible text without
    navigation, sidebars, banners and the site's header and footer, whitespace collapsed,
    cut at MAX_TEXT; what relevance (TF-IDF) and brand mentions read.

    The tree is read once: the regions' own (short) texts are taken, the regions removed,
    and the rest read; the visible text is the main text followed by the regions'. Call
    last: the regions are gone from the tree afterwards."""
    if container is None:
        return "", None
    # (one selector for every [role], sorted out here: 35% cheaper than a selector per role)
    regions = [n for n in container.css("nav, aside, header, footer, [role]") if _is_region(n)]
    chosen = {n.mem_id for n in regions}
    # Only the outermost of nested regions is removed: decomposing a node frees its
    # descendants, so every ancestry check is done before the first removal.
    outer = [n for n in regions if not _inside(n, chosen)]
    around = [n.text(deep=True, separator=" ") for n in outer]
    for node in outer:
        node.decompose()
    main = container.text(deep=True, separator=" ")
    # collapsed, then cut: the cut is made on a prefix (2 characters of raw text for one kept)
    # so a long page costs no more than a short one
    kept = clean(" ".join(main[: 2 * MAX_TEXT].split())[:MAX_TEXT])
    return " ".join([main, *around]), kept or None


def _is_region(node: LexborNode) -> bool:
    tag = node.tag
    if tag in _BOILERPLATE_TAGS:
        return tag not in ("header", "footer") or not _inside(node, None)
    return (node.attributes.get("role") or "").strip().lower() in _BOILERPLATE_ROLES


def _inside(node: LexborNode, regions: set[int] | None) -> bool:
    """Whether an ancestor of `node` is one of `regions` (by mem_id), or, when `regions`
    is None, an article or main."""
    parent = node.parent
    while parent is not None:
        if parent.mem_id in regions if regions is not None else parent.tag in _CONTENT_TAGS:
            return True
        parent = parent.parent
    return False


def short(text: str | None, limit: int = MAX_FACT) -> str | None:
    """`text` with whitespace collapsed, cut at `limit`; None when empty."""
    if text is None:
        return None
    text = " ".join(clean(text).split())[:limit]
    return text or None


def _tokens(value: str) -> set[str]:
    return {token for token in re.split(r"[\s,]+", value.lower()) if token}


def _header_directives(values: list[str]) -> set[str]:
    """The X-Robots-Tag directives that apply to us, from every header value."""
    found: set[str] = set()
    for value in values:
        bot: str | None = None
        for part in value.split(","):
            match = _BOT_PREFIX.match(part)
            if match and match.group(1).lower() not in _VALUED:
                bot, part = match.group(1).lower(), match.group(2)
            if bot is None or bot in _OURS:
                found |= _tokens(part)
    return found


def robots(meta_values: list[str], header_values: list[str]) -> tuple[bool, bool]:
    """(noindex, nofollow) from meta robots contents and X-Robots-Tag header values."""
    directives = _header_directives(header_values)
    for value in meta_values:
        directives |= _tokens(value)
    none = "none" in directives
    return none or "noindex" in directives, none or "nofollow" in directives


# Google Analytics (UA-, G-), Tag Manager (GTM-), Ads (AW-), AdSense (ca-pub-, pub-):
# account ids that tie sites to one owner.
# Searched in the UTF-8 bytes: a str holding one emoji is four bytes a character wide.
_ANALYTICS = {
    b"UA-": re.compile(rb"UA-[0-9]{4,10}-[0-9]{1,4}(?![A-Za-z0-9])"),
    b"G-": re.compile(rb"G-[A-Z0-9]{8,12}(?![A-Za-z0-9])"),
    b"GTM-": re.compile(rb"GTM-[A-Z0-9]{4,9}(?![A-Za-z0-9])"),
    b"AW-": re.compile(rb"AW-[0-9]{6,12}(?![A-Za-z0-9])"),
    b"pub-": re.compile(rb"pub-[0-9]{10,20}(?![A-Za-z0-9])"),
}
# Candidates are found in one numpy pass (a regex scan of a page's scripts costs
# milliseconds; five `bytes.find` loops, one per prefix, cost 0.1 ms per 100 KB): every
# `-` between a byte that ends a prefix (each prefix's last letter is its own) and a digit
# or capital letter; the regexes then judge the few candidates.
_PREFIX_BY_LAST = {prefix[-2]: prefix for prefix in _ANALYTICS}
_ENDS_PREFIX = np.zeros(256, dtype=bool)
_ENDS_PREFIX[list(_PREFIX_BY_LAST)] = True
_STARTS_ID = np.zeros(256, dtype=bool)
_STARTS_ID[list(b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")] = True
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]{1,64}@(?:[A-Za-z0-9-]{1,63}\.)+[A-Za-z]{2,24}")
_LOCAL = re.compile(r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}$")
_DOMAIN = re.compile(r"(?:[A-Za-z0-9-]{1,63}\.)+[A-Za-z]{2,24}\b")
# Obfuscated addresses: "at" and "dot" in brackets, parentheses or braces, spaces around them
# free ("name [at] example [dot] com", "name(at)example(dot)co(dot)uk"); a plain "." between
# labels too. Bare " at " and " dot " are left alone: prose is full of them.
_OBFUSCATED_DOT = re.compile(r"\s*[\[({]\s?dot\s?[\])}]\s*|\.", re.IGNORECASE)
_OBFUSCATED = re.compile(
    r"(?<![A-Za-z0-9._%+-])([A-Za-z0-9._%+-]{1,64})\s*[\[({]\s?at\s?[\])}]\s*"
    r"((?:[A-Za-z0-9-]{1,63}(?:\s*[\[({]\s?dot\s?[\])}]\s*|\.))+[A-Za-z]{2,24})(?![A-Za-z0-9-])",
    re.IGNORECASE)
#: At most this many ids and contacts are kept per page.
MAX_FOUND = 50


def analytics_ids(html: str) -> list[str]:
    """Analytics and ad account ids in the page source, first-seen order, `pub-` ids
    written as `ca-pub-` so that both spellings of one AdSense account agree."""
    data = html.encode("utf-8", "replace")
    raw = np.frombuffer(data, dtype=np.uint8)
    dashes = (raw[1:-1] == 45).nonzero()[0] + 1  # b"-"
    dashes = dashes[_ENDS_PREFIX[raw[dashes - 1]] & _STARTS_ID[raw[dashes + 1]]]
    starts: dict[bytes, list[int]] = {prefix: [] for prefix in _ANALYTICS}
    for dash in dashes.tolist():
        prefix = _PREFIX_BY_LAST[data[dash - 1]]
        index = dash + 1 - len(prefix)
        if index >= 0 and data.startswith(prefix, index):
            starts[prefix].append(index)
    found: dict[int, str] = {}
    for prefix, pattern in _ANALYTICS.items():
        for index in starts[prefix]:
            if len(found) >= MAX_FOUND:
                break
            match = pattern.match(data, index)
            if match and not (index and data[index - 1 : index].isalnum()):
                value = match.group().decode("ascii")
                found[index] = "ca-" + value if prefix == b"pub-" else value
    return list(dict.fromkeys(found[index] for index in sorted(found)))


def contacts(text: str, hrefs: list[str], declared: list[str] | None = None) -> list[str]:
    """E-mail addresses (`declared` ones first: structured data's; then from `mailto:` links
    and the visible text, written plainly or obfuscated: `name [at] example [dot] com`) and
    phone numbers (from `tel:` links), lower-cased e-mails, first-seen order."""
    found: dict[str, None] = {}
    for address in declared or ():
        if _EMAIL.fullmatch(address.strip()):
            found[address.strip().lower()] = None
    for href in hrefs:
        scheme, _, rest = href.partition(":")
        scheme = scheme.lower()
        value = unquote(rest.split("?", 1)[0]).strip()
        if scheme == "mailto" and _EMAIL.fullmatch(value.split(",")[0].strip()):
            found[value.split(",")[0].strip().lower()] = None
        elif scheme == "tel" and value:
            found["tel:" + "".join(value.split())] = None
    # Around each "@" only: a regex scan of the whole text costs a millisecond a page.
    at = text.find("@")
    while at >= 0 and len(found) < MAX_FOUND:
        local = _LOCAL.search(text, max(0, at - 64), at)
        domain = _DOMAIN.match(text, at + 1, at + 256)
        if local and domain:
            found[f"{local.group()}@{domain.group()}".lower()] = None
        at = text.find("@", at + 1)
    if _may_hide_address(text):  # the full pattern only where it may match
        for match in _OBFUSCATED.finditer(text):
            if len(found) >= MAX_FOUND:
                break
            host = _OBFUSCATED_DOT.sub(".", match.group(2))
            found[f"{match.group(1)}@{host}".lower()] = None
    return [clean(value) for value in list(found)[:MAX_FOUND]]


def _may_hide_address(text: str) -> bool:
    """Is there an "at]", "at)" or "at}" (a space before the bracket allowed) in `text`? A
    walk over its closing brackets, a few per kilobyte of prose: a regex scan of the whole
    text costs more than all the rest of the contact search."""
    for closer in "])}":
        i = text.find(closer)
        while i >= 0:
            j = i - 1 if i > 0 and text[i - 1] == " " else i
            if j >= 2 and text[j - 2 : j].lower() == "at":
                return True
            i = text.find(closer, i + 1)
    return False


def link_header_targets(values: list[str], rel: str) -> list[str]:
    """The targets of an HTTP `Link` header with relation `rel` (RFC 8288), in order."""
    targets = []
    for value in values:
        for match in _LINK_VALUE.finditer(value):
            params = match.group(2)
            for param in _LINK_PARAM.finditer(params):
                if param.group(1).lower() == "rel":
                    tokens = (param.group(2) or param.group(3) or "").lower().split()
                    if rel in tokens:
                        targets.append(match.group(1).strip())
    return targets


_LINK_VALUE = re.compile(r"<([^>]*)>((?:\s*;\s*[^;,]*(?:\"[^\"]*\")?)*)")
_LINK_PARAM = re.compile(r";\s*([A-Za-z*-]+)\s*=\s*(?:\"([^\"]*)\"|([^\s;,\"]+))")


# simhash over the page's visible text: the UTF-8 text with ASCII whitespace runs collapsed
# and ASCII letters lower-cased; its features are the 8-byte grams that start a word (a
# content-defined sample: an edit moves only the grams around it), each hashed (multiply,
# xor-shift, multiply, xor-shift), and the 64 bits voted. All in numpy: splitting a page's
# text into Python words alone cost more than this.
_M2, _M3 = np.uint64(0xBF58476D1CE4E5B9), np.uint64(0x94D049BB133111EB)
_S32, _S29 = np.uint64(32), np.uint64(29)
_SPACE = np.zeros(256, dtype=bool)
_SPACE[list(b" \t\n\r\x0c")] = True
_LOWER = np.arange(256, dtype=np.uint8)
_LOWER[65:91] += 32
_LOWER[list(b"\t\n\r\x0c")] = 32
#: Text beyond this many bytes does not change the fingerprint (a cap on the cost).
SIMHASH_BYTES = 400_000


def simhash(text: str) -> int | None:
    """A 64-bit near-duplicate fingerprint of `text` as a signed int; None if too short."""
    raw = np.frombuffer(text.encode("utf-8", "replace")[:SIMHASH_BYTES], dtype=np.uint8)
    keep = _SPACE.take(raw)  # (array methods: numpy's functions add a Python layer)
    np.logical_not(keep, out=keep)
    keep[1:] |= keep[:-1].copy()  # a space is kept when it follows a non-space
    data = _LOWER.take(raw[keep])
    count = len(data) - 7
    if count <= 0:
        return None
    # Every 8-byte window as one little-endian uint64: a view with a one-byte stride.
    grams = np.ndarray((count,), dtype="<u8", buffer=data, strides=(1,))
    starts = (data[: count - 1] == 32).nonzero()[0] + 1
    x = grams[starts] if len(starts) >= 8 else grams.copy()
    x *= _M2
    x ^= x >> _S32
    x *= _M3
    x ^= x >> _S29
    value = int(np.packbits(_votes(x) * 2 > len(x), bitorder="little").view("<u8")[0])
    return value - (1 << 64) if value >= 1 << 63 else value


def _votes(x: np.ndarray) -> np.ndarray:
    """How many of the hashes `x` have each of the 64 bits set.

    The bits, one byte each, are summed eight at a time in uint64 lanes (SWAR), 255 rows
    per block so that no byte lane overflows: a third of the cost of counting the
    (n, 64) bit matrix column by column.
    """
    bits = np.unpackbits(x.view(np.uint8), bitorder="little")
    blocks = -(-len(x) // 255)
    padded = np.zeros(blocks * 255 * 64, dtype=np.uint8)
    padded[: len(bits)] = bits
    lanes = np.add.reduce(padded.view("<u8").reshape(blocks, 255, 8), axis=1)
    return np.add.reduce(lanes.view(np.uint8).reshape(blocks, 64), axis=0, dtype=np.int64)
