"""Where a link sits in its page: content, nav, header, footer, aside, comment or other.

This is what later tells an editorial link from a sitewide footer link. The signals, from
strongest to weakest: an explicit ARIA role, a comment-section class or id (a WordPress
comment is an `<article class=comment>`), the HTML5 element, then the class/id names that
common CMSs and themes use. The innermost container wins.

Cost: instead of walking every link's ancestors in Python, the containers are selected
with one CSS query (document order, so an inner container comes after its outer one), and
each container's links are assigned with one more query; a later (inner) container
overwrites an earlier (outer) one.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from selectolax.lexbor import LexborHTMLParser, LexborNode

ROLE_PLACEMENT = {
    "navigation": "nav",
    "menu": "nav",
    "menubar": "nav",
    "banner": "header",
    "contentinfo": "footer",
    "complementary": "aside",
    "main": "content",
    "article": "content",
    "comment": "comment",
}
TAG_PLACEMENT = {
    "nav": "nav",
    "header": "header",
    "footer": "footer",
    "aside": "aside",
    "main": "content",
    "article": "content",
}

# Class/id words, matched as whole words of the lower-cased value (words are separated by
# anything but a letter or digit), so `prefooter` or `navy` is no footer or nav. A few
# compounds that themes write without a separator are listed whole (`mainmenu`, `topnav`).
_W = r"(?:^|[^a-z0-9])(?:{})(?:$|[^a-z0-9])"
CLASS_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (placement, re.compile(_W.format(words)))
    for placement, words in (
        ("comment", r"comments?|comment-?list|commentlist|disqus\w*|dsq\w*|respond|replies"),
        (
            "nav",
            r"[a-z]*nav|navs|nav(?:bar|igation|links?|list|menu|wrap(?:per)?|items?)"
            r"|[a-z]*menus?|menubar|breadcrumbs?|pagination|pager|skip-?links?",
        ),
        ("footer", r"footer|site-?footer|page-?footer|global-?footer|colophon|bottom-?bar"),
        ("header", r"header|site-?header|page-?header|global-?header|masthead|top-?bar"),
        ("aside", r"sidebar|[a-z]*sidebar[a-z]*|side-?bar|widgets?|widget-?area|aside|rail"),
        (
            "content",
            r"main|content|main-?content|maincontent|entry|entry-?content|post-?content"
            r"|article-?body|articlebody|article-?content|post-?body|postbody|story-?body"
            r"|storybody|entry-?body|article-?text|single-?post|hentry",
        ),
    )
)
_COMMENT = CLASS_PATTERNS[0][1]
# Attribute substrings that pre-select class/id candidates in C before the regexes run.
_SUBSTRINGS = (
    "nav", "menu", "breadcrumb", "pagination", "pager", "skip", "header", "masthead",
    "topbar", "top-bar", "footer", "colophon", "bottombar", "bottom-bar", "sidebar",
    "side-bar", "widget", "aside", "rail", "comment", "disqus", "dsq", "respond",
    "replies", "content", "main", "entry", "article", "post", "story", "body",
)  # fmt: skip
CONTAINER_SELECTOR = ", ".join(
    ["nav", "header", "footer", "aside", "main", "article", "[role]"]
    + [f"[{attr}*={s} i]" for s in _SUBSTRINGS for attr in ("class", "id")]
)
#: The elements that become link rows with a placement.
LINK_NODES = "a[href], area[href], iframe[src]"
# Headers and footers that belong to the article around them (its byline, its tags).
_HEADERS = ["header"] + [f"[{a}*={s} i]" for s in ("header", "masthead", "top") for a in ("class", "id")]
_FOOTERS = ["footer"] + [f"[{a}*={s} i]" for s in ("footer", "colophon", "bottom") for a in ("class", "id")]
ARTICLE_OWN = ", ".join(
    [f"{outer} {inner}" for outer in ("article", "main", "[role=main i]") for inner in _HEADERS]
    + [f"article {inner}" for inner in _FOOTERS]
)
# Running text: when a page marks no main content, a link inside these is editorial.
RUNNING_TEXT = "p a[href], p area[href], blockquote a[href], dd a[href]"


def classify(node: LexborNode, article_own: set[int]) -> str | None:
    """The placement a container element gives its links, or None if it gives none.

    `article_own` holds the `mem_id`s of the headers and footers inside an article (see
    `ARTICLE_OWN`): they give no placement of their own.
    """
    attrs = node.attributes
    role = (attrs.get("role") or "").strip().lower()
    if role in ROLE_PLACEMENT:
        return ROLE_PLACEMENT[role]
    names = f"{attrs.get('class') or ''} {attrs.get('id') or ''}".lower()
    if _COMMENT.search(names):
        return "comment"
    placement = TAG_PLACEMENT.get(node.tag)
    if placement is None:
        for candidate, pattern in CLASS_PATTERNS[1:]:
            if pattern.search(names):
                placement = candidate
                break
    # A header or footer inside an article (or a header inside main) is the article's
    # own: its byline and tags are part of the content around it.
    if placement in ("header", "footer") and node.mem_id in article_own:
        return None
    return placement


def placements(tree: LexborHTMLParser) -> dict[int, str]:
    """Map each link node's `mem_id` to its placement; a link not in the map is `other`."""
    result: dict[int, str] = {}
    has_content = False
    containers = tree.css(CONTAINER_SELECTOR)
    article_own = {node.mem_id for node in tree.css(ARTICLE_OWN)} if containers else set()
    for container in containers:
        placement = classify(container, article_own)
        if placement is None:
            continue
        has_content = has_content or placement == "content"
        for link in container.css(LINK_NODES):
            result[link.mem_id] = placement
    if not has_content:
        for link in tree.css(RUNNING_TEXT):
            result.setdefault(link.mem_id, "content")
    return result
