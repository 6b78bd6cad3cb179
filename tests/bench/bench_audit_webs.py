"""The audit measured on independent planted-spam webs: N instances of the community web
(tests/support/communityweb.py, seeds 1..N) and the local web (crawler/localweb/spam.py).

Each web is crawled twice (epochs 1 and 2, through the loopback proxy), built, and its target
audited; the flagged referring domains (suspicious or toxic) are compared with the web's truth
(tests/support/auditmeasure.py). Prints precision, recall and the strong clean domains flagged
per instance, the worst cases' tables with `--tables`, and the mean over the community
instances. The baseline is the local web, measured in the same run.

    .venv/bin/python tests/bench/bench_audit_webs.py --instances 5 [--tables]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from analysis import Index, build
from crawler.localweb.generator import LocalWeb
from tests.support.auditmeasure import Measure, community_roles, localweb_roles, measure
from tests.support.crawl import crawl_epochs

COMMUNITY = "tests.support.communityweb:CommunityWeb"
LOCAL_HOSTS = 20  # as tests/test_analysis_audit_localweb.py
BUDGET = 45  # pages per domain: more than any community site has


def community(seed: int, tmp: Path) -> Measure:
    data, truth = crawl_epochs(tmp, [], max_depth=6, budget=BUDGET, web=COMMUNITY, web_args={"seed": seed})
    build(data)
    with Index(data) as ix:
        return measure(ix, truth["shop"], community_roles(truth), keywords=truth["keywords"])


def local(tmp: Path) -> Measure:
    web = LocalWeb(hosts=LOCAL_HOSTS, epoch=2)
    seeds = [s for s in web.seeds if "slow-and-steady" not in s]
    data, truth = crawl_epochs(tmp, seeds, hosts=LOCAL_HOSTS, max_depth=40, budget=100)
    build(data)
    target = web.spam.target.spec.host.split(".", 1)[1]
    with Index(data) as ix:
        return measure(ix, target, localweb_roles(ix, truth["spam"], target), keywords=web.spam.keywords)


def _dir(tmp: str, name: str) -> Path:
    path = Path(tmp) / name
    path.mkdir()
    return path


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--instances", type=int, default=5, help="community webs, seeds 1..N (default 5)")
    p.add_argument("--tables", action="store_true", help="print each web's table of wrong verdicts")
    args = p.parse_args()
    results: list[tuple[str, Measure]] = []
    with tempfile.TemporaryDirectory(prefix="bench-audit-") as tmp:
        results.append(("local web", local(_dir(tmp, "local"))))
        for seed in range(1, args.instances + 1):
            results.append((f"community seed {seed}", community(seed, _dir(tmp, f"community-{seed}"))))
    print(f"\n{'web':20} {'refdomains':>10} {'spam':>5} {'flagged':>7} {'precision':>9} {'recall':>7} "
          f"{'strong flagged':>14}")
    for name, m in results:
        print(f"{name:20} {len(m.rows):10} {len(m.spam):5} {len(m.flagged):7} {m.precision:9.3f} "
              f"{m.recall:7.3f} {len(m.strong_flagged):14}")
    others = [m for name, m in results if name.startswith("community")]
    base = results[0][1]
    mean_p = statistics.mean(m.precision for m in others)
    mean_r = statistics.mean(m.recall for m in others)
    print(f"{'community mean':20} {'':10} {'':5} {'':7} {mean_p:9.3f} {mean_r:7.3f} "
          f"{sum(len(m.strong_flagged) for m in others):14}")
    print(f"community / local web: precision x{mean_p / base.precision:.2f}, recall x{mean_r / base.recall:.2f}")
    if args.tables:
        for name, m in results:
            print(f"\n== {name}\n{m.table(all_rows=False)}")


if __name__ == "__main__":
    main()
