"""Where a link sits in its page: content, nav, header, footer, aside, comment or other.

This is what later tells an editorial link from a sitewide footer link. The signals, from
strongest to weakest: an explicit ARIA role, a comment-section class or id (a WordPress
comment is an `<article class=comment>`), the HTML5 element, then the class/id names that
common CMSs and themes use. The innermost container wins.

When a page marks no main content at all, a link inside running text (a paragraph) is
taken as editorial.

Cost: a link's ancestors are classified once per page and remembered by node, so the walk
up from the next link stops at the first known ancestor. (Selecting the containers by CSS
and then each container's links measured three times slower on the corpus: pages carry
hundreds of `menu-item`-like elements, each a container.)
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from selectolax.lexbor import LexborNode

ROLE_PLACEMENT: Final = {
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
TAG_PLACEMENT: Final[dict[str | None, str]] = {
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
# (Boundaries as lookarounds, and one group for all the words of `_ANY`: Python's regex
# engine then tries the alternatives only where a word starts, three times faster.)
_W = r"(?<![a-z0-9])(?:{})(?![a-z0-9])"
CLASS_WORDS: tuple[tuple[str, str], ...] = (
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
CLASS_PATTERNS: Final[tuple[tuple[str, re.Pattern[str]], ...]] = tuple(
    (placement, re.compile(_W.format(words))) for placement, words in CLASS_WORDS
)
_COMMENT: Final = CLASS_PATTERNS[0][1]
_ANY: Final = re.compile(_W.format("|".join(words for _, words in CLASS_WORDS)))
# Never containers: a theme puts its layout words (`has-sidebar`, `single-post`) on these.
_SKIP: Final = frozenset({"html", "body", "head", "-document"})
# Inline elements hold a phrase, not a page region: not worth reading their attributes.
_INLINE: Final = frozenset(
    {
        "span", "b", "strong", "em", "i", "u", "s", "font", "small", "big", "sup", "sub",
        "abbr", "cite", "code", "mark", "q", "time", "label", "bdi", "bdo", "kbd", "var",
    }
)  # fmt: skip
_PASS: Final = _SKIP | _INLINE
# Running text: when a page marks no main content, a link inside these is editorial.
RUNNING_TEXT: Final = frozenset({"p", "blockquote", "dd"})
# Elements that matter even without a class, id or role.
_MARKED: Final = frozenset(TAG_PLACEMENT) | RUNNING_TEXT

# What the walk knows at an element: the innermost placement so far, whether it is inside
# an article, inside main, inside running text.
State = tuple[str | None, bool, bool, bool]
_ROOT: Final[State] = (None, False, False, False)
#: Transitions remembered (see `Placer`) before the memo starts again.
MAX_STEPS: Final = 65536

@lru_cache(maxsize=65536)
def classify(tag: str | None, names: str, role: str | None) -> str | None:
    """The placement an element gives the links inside it, or None if it gives none.

    `names` is the element's class and id, lower-cased; `role` its ARIA role attribute.
    Cached: themes repeat the same class strings on every menu item and every page.
    """
    if role:
        placement = ROLE_PLACEMENT.get(role.strip().lower())
        if placement:
            return placement
    matched = len(names) > 1 and _ANY.search(names) is not None
    if matched and _COMMENT.search(names):
        return "comment"
    placement = TAG_PLACEMENT.get(tag)
    if placement is None and matched:
        for candidate, pattern in CLASS_PATTERNS[1:]:
            if pattern.search(names):
                return candidate
    return placement


def _step(state: State, tag: str | None, cls: str | None, ident: str | None, role: str | None) -> State:
    """The state inside an element, given the state around it."""
    placement, in_article, in_main, in_text = state
    names = f"{cls or ''} {ident or ''}".lower() if cls or ident else ""
    found = classify(tag, names, role)
    # A header or footer inside an article (or a header inside main) is the article's
    # own: its byline and tags are part of the content around it.
    if (found == "header" and (in_article or in_main)) or (found == "footer" and in_article):
        found = None
    return (
        found or placement,
        in_article or tag == "article",
        in_main or tag == "main" or (role is not None and role.strip().lower() == "main"),
        in_text or tag in RUNNING_TEXT,
    )


class Placer:
    """Placements of the links of one parsed page (one instance per page).

    Each link's ancestors are classified once for the whole page: the walk up from a link
    stops at the first ancestor already known, so a page costs one visit per element that
    holds links, however many links there are. `states` maps an element's `mem_id` to
    the state inside it; a caller may look a link's parent up there first. `tags` maps
    the same elements to their tag names (the link walk asks for its parent's).
    """

    def __init__(self) -> None:
        self.states: dict[int, State] = {}
        self.tags: dict[int, str | None] = {}

    def state_of(self, node: LexborNode) -> State:
        """The state around the link element `node`: (placement or None, inside an
        article, inside main, inside running text)."""
        return self.state_in(node.parent)

    def state_in(self, parent: LexborNode | None, parent_id: int = 0) -> State:
        """The state inside element `parent` (see `state_of`); `parent_id`: its `mem_id`,
        when the caller has read it and found no state for it in `states`.

        Written out, not split in small calls: it runs for most links of the crawl. An
        element's step is remembered across pages by what it depends on (the state around
        it, its tag, class, id and role): themes repeat their markup on every page.
        """
        states, tags = self.states, self.tags
        chain = []
        state = _ROOT
        if parent is not None and parent_id:
            chain.append((parent_id, parent))
            parent = parent.parent
        while parent is not None:
            key_id = parent.mem_id
            known = states.get(key_id)
            if known is not None:
                state = known
                break
            chain.append((key_id, parent))
            parent = parent.parent
        steps = _STEPS
        chain.reverse()  # outermost first (not `reversed()`: mypyc cannot compile it when
        for key_id, ancestor in chain:  # selectolax's types are unknown at build time)
            tag = ancestor.tag
            if tag not in _PASS:
                attrs = ancestor.attributes
                if attrs or tag in _MARKED:
                    cls, ident, role = attrs.get("class"), attrs.get("id"), attrs.get("role")
                    key = (state, tag, cls, ident, role)
                    stepped = steps.get(key)
                    if stepped is None:
                        if len(steps) >= MAX_STEPS:
                            steps.clear()
                        stepped = steps[key] = _step(state, tag, cls, ident, role)
                    state = stepped
            states[key_id] = state
            tags[key_id] = tag
        return state


#: (state, tag, class, id, role) -> the state inside such an element (see `Placer`).
_STEPS: Final[dict[tuple[State, str | None, str | None, str | None, str | None], State]] = {}


def clear_steps() -> None:
    """Forget the remembered steps (see `Placer.state_in`)."""
    _STEPS.clear()
