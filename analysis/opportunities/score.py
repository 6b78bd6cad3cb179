"""The value of a prospect domain when link value cannot be computed (no graph built yet, or
a site the index does not know): its rank and trust alone. Otherwise an opportunity's `value`
is the link value of a link from the prospect to the site (`analysis.value.prospect_values`,
analysis/opportunities/find.py `with_value`).
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
