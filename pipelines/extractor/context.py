"""The text window around a link: what its block says before and after the anchor.

The block is the link's nearest block-level ancestor (a paragraph, list item, table cell,
div...); a block-level sibling ends the window too (its text belongs to another block).
Rather than taking the whole block's text and searching the anchor in it (ambiguous when
the anchor text repeats, and the block's size in cost for every link), the window is
gathered outward from the link: its previous and next siblings, then its parent's, up to
the block, stopping as soon as enough text is collected. Each step is one call into the
parser; a sibling's text is cached, since its neighbours ask for it again. Scripts and
styles are out of the tree by then (see extract()).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from selectolax.lexbor import LexborNode

#: Characters of context kept on each side of the anchor.
WINDOW: Final = 100
#: Raw characters collapsed first, per character of the window (see `_collapse`): enough
#: unless the text is mostly whitespace, and then all of it is collapsed.
_SLICE_PER_WINDOW: Final = 4
#: Nodes visited on each side at most: a run of hundreds of text-less siblings (image
#: links in a gallery) must not make the cost quadratic.
MAX_STEPS: Final = 24
#: Characters of sibling text read per page at most. Each link may ask for the text of a
#: different, nested sibling (`<span>t <a>..</a> <span>t <a>..</a> ...`), which would
#: cost the square of the page; past this, windows stay as far as they got.
TEXT_BUDGET: Final = 2_000_000

BLOCKS: Final = frozenset(
    {
        "p", "li", "td", "th", "div", "section", "article", "main", "nav", "aside",
        "header", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "dd", "dt",
        "dl", "ul", "ol", "figcaption", "figure", "pre", "address", "caption", "form",
        "fieldset", "legend", "table", "tr", "tbody", "body", "html", "center", "details",
        "summary", "dialog", "menu",
    }
)  # fmt: skip
# Nodes whose text is no part of the page's prose.
_SILENT: Final = frozenset({"script", "style", "template", "noscript", "-comment", "head", "title", "select"})


class ContextFinder:
    """Context windows for the links of one parsed page (one instance per page).

    `tags`: element `mem_id` -> tag name, for the ancestors of the page's links (the
    `Placer` has read them already); an ancestor missing there is asked for its tag.
    """

    def __init__(self, window: int = WINDOW, tags: dict[int, str | None] | None = None) -> None:
        self.window = window
        self._texts: dict[int, str] = {}
        self._budget = TEXT_BUDGET
        self._tags: dict[int, str | None] = {} if tags is None else tags

    def _text(self, node: LexborNode, tag: str | None) -> str | None:
        """The text of an inline element sibling (cached); None for a block sibling, which
        ends the window (its text is another block's), or when the page's budget is spent."""
        if tag in BLOCKS or self._budget <= 0:
            return None
        if tag in _SILENT:
            return ""
        if tag == "br":
            return " "
        key = node.mem_id
        text = self._texts.get(key)
        if text is None:
            text = node.text()  # (deep, no separator, no strip: the defaults)
            self._texts[key] = text
            self._budget -= len(text)
        return text

    def _is_block(self, node: LexborNode) -> bool:
        tag = self._tags.get(node.mem_id)
        return (tag or node.tag) in BLOCKS

    def _gather(self, sibling: LexborNode | None, parent: LexborNode | None, block: bool, forward: bool) -> str:
        """The text from `sibling` on (toward the end when `forward`, else toward the
        start), then from the siblings of each ancestor below the block (`parent` first;
        `block`: whether `parent` is a block)."""
        parts: list[str] = []
        have, steps, window = 0, MAX_STEPS, self.window
        while True:
            while sibling is not None and steps:
                steps -= 1
                tag = sibling.tag
                text = (sibling.text_content or "") if tag == "-text" else self._text(sibling, tag)
                if text is None:
                    steps = 0
                    break
                if text:
                    parts.append(text)
                    have += len(text.strip())
                    if have >= window:
                        break
                sibling = sibling.next if forward else sibling.prev
            if have >= window or not steps or parent is None or block:
                break
            sibling = parent.next if forward else parent.prev
            parent = parent.parent
            block = parent is not None and self._is_block(parent)
        if not forward:
            parts.reverse()
        return _collapse("".join(parts), window, forward)

    def around(
        self,
        node: LexborNode,
        prev: LexborNode | None = None,
        next_: LexborNode | None = None,
        parent: LexborNode | None = None,
        parent_tag: str | None = None,
    ) -> tuple[str, str]:
        """(context_before, context_after) of link `node`, each at most `window` characters,
        cut at a word boundary. A caller that has read the node's siblings, parent and
        parent's tag already passes them (all of them, or none)."""
        if parent_tag is None:
            prev, next_, parent = node.prev, node.next, node.parent
            parent_tag = "" if parent is None else parent.tag
        block = parent_tag in BLOCKS
        before = self._gather(prev, parent, block, False)
        after = self._gather(next_, parent, block, True)
        window = self.window
        if len(before) > window:
            before = _cut_start(before, window)
        if len(after) > window:
            after = _cut_end(after, window)
        return before, after


def _collapse(text: str, window: int, forward: bool) -> str:
    """`text` with whitespace collapsed, as far as a window of `window` characters needs:
    its start (`forward`) or its end. The window of a link in a long paragraph would
    otherwise split the whole paragraph into words, for the hundred characters kept.

    Collapsing the first n characters of a text gives a prefix of collapsing all of it (a
    word cut in two is the start of that word), and the last n a suffix: when that part
    already holds more than `window` characters, `_cut_end`/`_cut_start` read no further,
    so the window is the same as from the whole text.
    """
    size = _SLICE_PER_WINDOW * window
    if len(text) > size:
        part = " ".join((text[:size] if forward else text[-size:]).split())
        if len(part) > window:
            return part
    return " ".join(text.split())


def _cut_end(text: str, limit: int) -> str:
    """The first `limit` characters of `text`, without a word cut in two."""
    if len(text) <= limit:
        return text
    cut = text[: limit + 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > 0 else cut[:limit]).rstrip()


def _cut_start(text: str, limit: int) -> str:
    """The last `limit` characters of `text`, without a word cut in two."""
    if len(text) <= limit:
        return text
    cut = text[-limit - 1 :]
    space = cut.find(" ")
    return (cut[space + 1 :] if 0 <= space < limit else cut[-limit:]).lstrip()
