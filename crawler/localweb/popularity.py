"""A planted popularity list: which sites of a generated web are among the most visited.

``tranco(popular, seed)`` ranks the popular domains as a Tranco list would (``rank,domain``,
no header, best first), with well-known names of the real web around them so the file looks
like the real list's top; ``write_tranco(rows, path)`` writes it. The traffic band of
``backlinks value`` reads such a file once ``backlinks toplist import`` has stored it.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping
from pathlib import Path

#: Names of the real web's top that the list carries besides the planted ones (never served).
FAMOUS = ("google.com", "youtube.com", "facebook.com", "wikipedia.org", "amazon.com", "bbc.co.uk",
          "github.com", "reddit.com", "nytimes.com", "mozilla.org")
#: The rank range of each planted popularity tier: "top" is a high traffic band, "mid" a medium
#: one (analysis/value/settings.py: high_list_rank 10,000, medium_list_rank 100,000).
TIERS = {"top": (100, 5_000), "mid": (20_000, 90_000)}


def tranco(popular: Mapping[str, str], seed: int) -> list[tuple[int, str]]:
    """(rank, domain) rows: each domain of `popular` (domain -> tier) at a rank drawn in its
    tier's range, the famous names at ranks 1-10; sorted by rank."""
    rng = random.Random(f"{seed}:popularity")
    rows = [(i, name) for i, name in enumerate(FAMOUS, 1)]
    taken = {r for r, _ in rows}
    for domain, tier in sorted(popular.items()):
        low, high = TIERS[tier]
        rank = rng.randint(low, high)
        while rank in taken:
            rank += 1
        taken.add(rank)
        rows.append((rank, domain))
    return sorted(rows)


def write_tranco(rows: Iterable[tuple[int, str]], path: str | Path) -> None:
    """The rows in Tranco's format: ``rank,domain`` lines, no header."""
    Path(path).write_text("".join(f"{rank},{domain}\n" for rank, domain in rows), encoding="utf-8")
