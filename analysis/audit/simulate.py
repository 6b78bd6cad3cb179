"""What disavowing would do: a site's domain rank and trust recomputed without the links a
disavow file names, on the same graph and with the same code as `backlinks build`
(analysis/graph/ranks.py).

A disavowed link stops counting for the disavowing site only (Google applies the file to the
site whose owner uploads it). The domain edge S -> site goes when every live dofollow link
of S to the site comes from a disavowed page or domain; the rest of the graph stays.
Both sides are computed here, so before and after differ only by the removed edges.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from analysis.graph import ranks

if TYPE_CHECKING:
    from analysis.audit.disavow import DisavowFile
    from analysis.index import Index


@dataclass
class Simulation:
    domain: str
    before: dict[str, Any]
    after: dict[str, Any]
    removed_domains: list[str]  # referring domains whose every dofollow link is disavowed
    disavowed_links: int  # the site's dofollow backlinks the file covers

    def rows(self) -> list[dict[str, Any]]:
        """One row per measure: before, after, change."""
        return [{"measure": key, "before": self.before[key], "after": self.after[key],
                 "change": None if self.before[key] is None or self.after[key] is None
                 else round(self.after[key] - self.before[key], 3)}
                for key in self.before]


def _ranks(src: np.ndarray, dst: np.ndarray, n: int, seeds: np.ndarray, target: int,
           damping: float) -> dict[str, Any]:
    pr = ranks.pagerank(src, dst, n, damping=damping)
    out = {"domain_rank": float(ranks.log_scale(pr)[target]),
           "rank_pos": int(ranks.positions(pr)[target]), "pagerank": float(pr[target]),
           "trust": None, "dofollow_referring_domains": len(set(src[dst == target].tolist()))}
    if seeds.size:
        personal = np.zeros(n)
        personal[seeds] = 1.0
        trust = ranks.pagerank(src, dst, n, damping=damping, personalization=personal)
        out["trust"] = float(ranks.log_scale(trust)[target])
    return out


def simulate(index: Index, domain: str, disavow: DisavowFile) -> Simulation:
    """`domain`'s rank and trust with and without the links `disavow` names. Needs the graph."""
    index.require_graph()
    name = index.domain(domain)
    con = index.con
    edges = index.run("build/domain_graph").to_arrow_table()
    src = edges["src_id"].to_numpy().astype(np.int64)
    dst = edges["dst_id"].to_numpy().astype(np.int64)
    meta = dict(con.execute("SELECT key, value FROM graph_meta").fetchall())
    trusted = [t for t in (meta.get("trusted") or "").split(",") if t]
    seeds = np.array([r[0] for r in index.run("build/trust_seeds", trusted=trusted).fetchall()],
                     dtype=np.int64)
    n = index.run("build/sizes").fetchall()[0][0]
    damping = float(meta.get("damping", ranks.DAMPING))
    links = index.run("audit_simulate_backlinks", domain=name).to_arrow_table().to_pylist()
    target = index.run("audit_simulate_target", domain=name).fetchall()[0][0]
    kept, gone, disavowed = set(), set(), 0
    for k in links:
        if disavow.disavows(k["src_url"], k["src_host"]):
            disavowed += 1
            gone.add((k["src_id"], k["src_domain"]))
        else:
            kept.add(k["src_id"])
    removed = {(i, d) for i, d in gone if i not in kept}
    drop = np.isin(src, np.array([i for i, _ in removed], dtype=np.int64)) & (dst == target)
    return Simulation(name, _ranks(src, dst, n, seeds, target, damping),
                      _ranks(src[~drop], dst[~drop], n, seeds, target, damping),
                      sorted(d for _, d in removed), disavowed)
