"""Words of a page as a weighted vector, for topical similarity (TF-IDF over our own crawl).

A text becomes terms: lower-cased words of letters (any script), three to thirty characters,
common English function words left out; a word-less script (Chinese, Japanese, Thai) gives
its character pairs instead, so it is comparable too. Term frequency is damped (1 + log tf),
weighted by the inverse document frequency of the crawl so far (`TermStats`: every page
fetched counts, in whatever order), and the vector is L2-normalised, so the cosine of two
vectors is their dot product.

Why our own IDF: a word that every crawled page has (a site template's, or the web's "home",
"contact") tells nothing of a topic; what is rare in the crawl but common in the targets'
pages does. The statistics need no corpus shipped with the project and follow the web
being crawled.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping

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

Vector = dict[str, float]


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
    """Document frequencies over the pages seen so far: the IDF of each term."""

    def __init__(self) -> None:
        self.documents = 0
        self.df: Counter[str] = Counter()

    def add(self, counts: Mapping[str, int]) -> None:
        """Count one more document with these terms."""
        self.documents += 1
        self.df.update(counts.keys())

    def idf(self, term: str) -> float:
        """Smoothed inverse document frequency: ln((N + 1) / (df + 1)) + 1, never 0."""
        return math.log((self.documents + 1) / (self.df.get(term, 0) + 1)) + 1.0

    def vector(self, counts: Mapping[str, float]) -> Vector:
        """TF-IDF of `counts` (damped term frequency times IDF), L2-normalised."""
        weights = {t: (1.0 + math.log(c)) * self.idf(t) for t, c in counts.items() if c > 0}
        return normalised(weights)


def normalised(weights: Mapping[str, float]) -> Vector:
    norm = math.sqrt(sum(w * w for w in weights.values()))
    return {t: w / norm for t, w in weights.items()} if norm > 0 else {}


def cosine(a: Vector, b: Vector) -> float:
    """The cosine of two normalised vectors (their dot product), iterating the shorter."""
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b.get(t, 0.0) for t, w in a.items())


def top_terms(a: Vector, b: Vector, n: int = 5) -> list[str]:
    """The terms that make most of the cosine of `a` and `b`: the evidence of a similarity."""
    shared = ((a[t] * b[t], t) for t in a.keys() & b.keys())
    return [t for _, t in sorted(shared, reverse=True)[:n]]


def merge(counts: Iterable[Mapping[str, float]], weight: float = 1.0) -> Counter[str]:
    """The sum of several term counts, each scaled by `weight`."""
    total: Counter[str] = Counter()
    for c in counts:
        for t, n in c.items():
            total[t] += n * weight
    return total
