"""Words of a page, and what a page of the crawl is like (the background the targets' topic
stands out from).

A text becomes terms: lower-cased words of letters (any script), three to thirty characters,
common English function words left out; a word-less script (Chinese, Japanese, Korean, Thai)
gives its character pairs instead, so it can be compared too.

`TermStats` keeps, over every page fetched so far in whatever order, each term's mean share
of a page's terms: the crawl's own background language model. It needs no corpus shipped
with the project and follows the web being crawled.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping

#: Characters of a text read for its terms: enough for a page's topic, bounded work per page.
MAX_CHARS = 20_000
_WORD = re.compile(r"[^\W\d_]{3,30}")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\u0e00-\u0e7f]+")
STOPWORDS = frozenset("""
about above after again against all also and any are because been before being below between
both but can could did does doing down during each few for from further had has have having her
here hers herself him himself his how into its itself just more most myself nor not now off once
only other our ours ourselves out over own same she should some such than that the their theirs
them themselves then there these they this those through too under until very was were what when
where which while who whom why will with would you your yours yourself yourselves
""".split())


def terms(text: str) -> Counter[str]:
    """The terms of `text` (its first MAX_CHARS characters) with their counts."""
    text = text[:MAX_CHARS].lower()
    counts: Counter[str] = Counter()
    for run in _CJK.findall(text):
        counts.update(run[i:i + 2] for i in range(len(run) - 1))
    if counts:
        text = _CJK.sub(" ", text)
    counts.update(w for w in _WORD.findall(text) if w not in STOPWORDS)
    return counts


class TermStats:
    """Each term's mean share of a page's terms, over the pages seen so far."""

    def __init__(self) -> None:
        self.documents = 0
        self.shares: dict[str, float] = {}

    def add(self, counts: Mapping[str, float]) -> None:
        """Count one more page with these terms."""
        total = sum(counts.values())
        if total <= 0:
            return
        self.documents += 1
        shares = self.shares
        for term, n in counts.items():
            shares[term] = shares.get(term, 0.0) + n / total

    def background(self, term: str) -> float:
        """The mean share of `term` in the pages seen (0 before any)."""
        return self.shares.get(term, 0.0) / self.documents if self.documents else 0.0
