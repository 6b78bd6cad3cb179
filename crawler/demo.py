"""`backlinks demo`: the whole product on the local web, with nothing to set up.

Starts the local web (crawler/localweb) on a free loopback port and crawls its sites twice
through it as a proxy: epoch 1, then epoch 2, where articles gained and lost links, a page
answers 404 and eight spam sites opened their robots.txt (a spike of new referring domains
for the spam's target). Then it builds the graph and gathers a short report: the strongest
sites, what changed between the crawls, broken backlinks, and the audit of the spam's target,
with the commands to try next on the demo's real domain names. Each step is the library
call the commands make.

Politeness holds (robots.txt, Crawl-delay); the site whose robots.txt asks for a
Crawl-delay of 1 s is left out of the seeds (it would make the demo wait a second a page;
its pages still appear as link targets), and the delays meant for other people's servers
are off: the local web is ours.

The data directory is the demo's own: a new or empty directory, or one an earlier demo made
(marked by DEMO_MARK). Running the demo again replaces the demo's crawls and graph there
and touches nothing else; a directory holding anything else is refused.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from crawler.errors import BacklinksError
from crawler.localweb_process import running_localweb

#: Settings for crawling our own loopback server: no politeness delay needed there.
LOCAL_WEB_SETTINGS = ("DOWNLOAD_DELAY=0", "AUTOTHROTTLE_ENABLED=False", "CONCURRENT_REQUESTS_PER_DOMAIN=4")
#: The file that marks a data directory as the demo's.
DEMO_MARK = ".backlinks-demo"
#: The demo's crawls, one per epoch of the local web.
CRAWLS = ("demo-1", "demo-2")


@dataclass
class DemoReport:
    """What the demo prints: its report (an analysis.formats Document) and the commands to
    try next."""

    document: Any
    commands: list[str] = field(default_factory=list)
    #: The command that opens the explorer on the demo's data, and the page to open first.
    explore: str = ""
    first_page: str = ""


def prepare(data: Path) -> None:
    """Make `data` the demo's directory (the module's doc says which ones are), removing
    only what an earlier demo wrote there."""
    if data.exists() and not data.is_dir():
        raise BacklinksError(f"--data {data} is a file: give the demo a new or empty directory")
    if data.is_dir() and not (data / DEMO_MARK).exists() and any(data.iterdir()):
        raise BacklinksError(f"{data} holds files the demo did not make: give --data a new or empty directory")
    data.mkdir(parents=True, exist_ok=True)
    (data / DEMO_MARK).write_text("made by `backlinks demo`: running it again replaces its crawls here\n")
    for crawl_id in CRAWLS:
        for part in (f"links/crawl={crawl_id}", f"pages/crawl={crawl_id}", f"warc/crawl={crawl_id}"):
            shutil.rmtree(data / part, ignore_errors=True)
        for path in [*data.glob(f"crawls/{crawl_id}.json"), *data.glob(f"crawls/{crawl_id}.*.json"),
                     *data.glob(f"logs/{crawl_id}.*log")]:
            path.unlink()
    (data / "graph.duckdb").unlink(missing_ok=True)


def seeds(hosts: int) -> tuple[list[str], list[str]]:
    """The local web's seeds but for the sites asking for a Crawl-delay (see the module's
    doc), and those sites."""
    from crawler.localweb.catalogue import site_specs
    from crawler.localweb.generator import LocalWeb

    slow = [spec.host for spec in site_specs(hosts) if spec.robots == "delay"]
    return [seed for seed in LocalWeb(hosts=hosts).seeds if seed.split("/")[2] not in slow], slow


def crawl_epochs(data: Path, hosts: int = 50) -> None:
    """Crawl epoch 1 then epoch 2 of the local web into `data`, as crawls CRAWLS (each a
    subprocess of the real command: one reactor per process)."""
    texts, slow = seeds(hosts)
    for step, (epoch, crawl_id) in enumerate(zip((1, 2), CRAWLS, strict=True), start=1):
        with running_localweb(hosts=hosts, epoch=epoch) as web:
            what = (f" ({', '.join(slow)} left out: its Crawl-delay would make the demo wait)" if epoch == 1
                    else " again: links gained and lost, a page gone, new spam sites")
            print(f"{step}/4 crawling the {len(texts)} sites of the local web{what}, as crawl {crawl_id}",
                  file=sys.stderr)
            cmd = [sys.executable, "-m", "crawler.cli", "crawl", *texts, "--data", str(data),
                   "--proxy", web.proxy_url, "--crawl-id", crawl_id]
            for pair in LOCAL_WEB_SETTINGS:
                cmd += ["-s", pair]
            if subprocess.call(cmd) != 0:
                raise BacklinksError(f"the demo's crawl {crawl_id} failed: see the lines above")


def report(data: Path, hosts: int = 50) -> DemoReport:
    """The demo's report and the commands to try next (see the module's doc)."""
    from analysis.formats import Document, audit_document, rows_of
    from analysis.index import Index
    from crawler.localweb.generator import LocalWeb

    spam = LocalWeb(hosts=hosts).spam
    assert spam is not None  # the local web plants it unless told not to
    with Index(data) as index:
        target = index.domain(spam.target.spec.host)
        top = rows_of(index.top(limit=5), "Strongest sites (backlinks top)").select(
            ["rank_pos", "domain", "domain_rank", "trust", "referring_domains", "backlinks"])
        changes = _changes(index, target)
        history = rows_of(changes, f"Backlinks gained and lost between {CRAWLS[0]} and {CRAWLS[1]} "
                                   "(backlinks history DOMAIN)").select(["change", "reason", "src_url", "dst_url"])
        changed = changes[0]["dst_domain"] if changes else target
        broken_domain = _broken_domain(index)
        broken = rows_of(index.broken(broken_domain, limit=3),
                         f"Broken backlinks of {broken_domain} (backlinks broken)").select(
            ["src_url", "dst_url", "status"])
        audit = _audit(index, target)
    verdicts = audit_document(audit, limit=5)
    worst = verdicts.parts[2].select(["domain", "verdict", "score", "signals"])
    worst.title = f"Audit of {target}, the spam's target: {_counts(audit.verdicts)} (backlinks audit)"
    commands = [
        f"backlinks profile {target} --data {data}",
        f"backlinks links {target} --data {data} --dofollow",
        f"backlinks history {changed} --data {data}",
        f"backlinks broken {broken_domain} --data {data}",
        f"backlinks audit {target} --data {data}",
        f"backlinks report {target} --data {data} -o {data / 'report.html'}",
        f"backlinks top --data {data}",
    ]
    doc = Document({"top": top.dicts(), "history": history.dicts(), "broken": broken.dicts(),
                    "audit": audit.summary()}, [top, history, broken, worst], top)
    from crawler import settings

    first_page = f"http://{settings.BACKLINKS_SERVE_HOST}:{settings.BACKLINKS_SERVE_PORT}/overview?d={target}"
    return DemoReport(doc, commands, f"backlinks serve --data {data}", first_page)


def _counts(verdicts: dict[str, int]) -> str:
    return ", ".join(f"{n} {verdict}" for verdict, n in verdicts.items())


def _audit(index: Any, domain: str) -> Any:
    from analysis.audit import audit

    return audit(index, domain)


#: The domains linked from a page whose second fetch differs from its first.
_CHANGED_PAGES_TARGETS = """
SELECT DISTINCT l.dst_domain
FROM links AS l
JOIN pages AS p1 ON p1.url = l.src_url AND p1.crawl_id = $old
JOIN pages AS p2 ON p2.url = l.src_url AND p2.crawl_id = $new
WHERE l.src_domain <> l.dst_domain
  AND (p1.status <> p2.status OR p1.content_sha1 <> p2.content_sha1)
ORDER BY l.dst_domain
"""


def _changes(index: Any, target: str) -> list[dict[str, Any]]:
    """The backlinks gained and lost between the crawls, as `history` gives them for each
    domain a changed page links to (but the spam's target: its new referring domains are
    the audit's)."""
    from analysis.formats import rows_of

    domains = [d for (d,) in index.sql(_CHANGED_PAGES_TARGETS, {"old": CRAWLS[0], "new": CRAWLS[1]}).fetchall()]
    return [dict(row, dst_domain=domain) for domain in domains if domain != target
            for row in rows_of(index.history(domain, by="links")).dicts()]


def _broken_domain(index: Any) -> str:
    """The domain with the most backlinks to pages that answered 4xx or 5xx."""
    rows = index.sql(
        "SELECT l.dst_domain FROM live_links AS l JOIN live_pages AS p ON p.url = l.dst_url "
        "WHERE p.status >= 400 AND l.src_domain <> l.dst_domain "
        "GROUP BY l.dst_domain ORDER BY count(*) DESC, l.dst_domain LIMIT 1").fetchall()
    return rows[0][0] if rows else _most_linked(index)


def _most_linked(index: Any) -> str:
    """The domain with the most referring domains."""
    rows = index.sql(
        "SELECT dst_domain FROM live_links WHERE src_domain <> dst_domain "
        "GROUP BY dst_domain ORDER BY count(DISTINCT src_domain) DESC, dst_domain LIMIT 1").fetchall()
    if not rows:
        raise BacklinksError("the demo crawl found no links between sites")
    return rows[0][0]
