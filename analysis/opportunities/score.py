"""The value of a prospect domain, until link value (issue 16, deliverable 1) exists.

`provisional_value` is the one place an opportunity's `value` comes from: swap it for the link
value of `backlinks value` when that lands (the rows keep `domain_rank` and `trust`, its inputs).
"""

from __future__ import annotations

#: The weight of domain rank in the value; trust takes the rest. Trust counts for more than its
#: share of the rank would: a trusted path to a prospect is what makes its link worth asking for.
RANK_WEIGHT = 0.6


def provisional_value(domain_rank: float | None, trust: float | None) -> float:
    """0-100: the weighted mean of the prospect domain's rank and trust (both 0-100; a missing
    one, before `backlinks build` or for a domain the trusted seeds do not reach, counts 0)."""
    rank = domain_rank or 0.0
    trusted = trust or 0.0
    return round(RANK_WEIGHT * rank + (1 - RANK_WEIGHT) * trusted, 2)
