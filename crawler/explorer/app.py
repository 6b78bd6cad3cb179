"""`backlinks serve`: the explorer's aiohttp application, one handler per page.

Every table is the question of the command of the same name (crawler/explorer/pages.py),
asked on the read-only index through `Questions` (crawler/explorer/queries.py), cut to one
page on the server (tables.py) and written by Jinja2 (views.py, templates/). `?format=json`
on a table is `backlinks NAME --format json --limit 0` of the same question, `?format=csv`
the CSV export of exactly the filtered view. The audit's marks go to `analysis.audit.marks`.

aiohttp, not Starlette + uvicorn: Scrapy already depends on it (nothing new to install or
keep up), it is one package with its own server, and it cancels a handler when its client
disconnects (`handler_cancellation`), which is how a long question gets interrupted.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from aiohttp import web

from analysis import formats
from analysis.audit.marks import Marks
from analysis.errors import AnalysisError, UnknownDomain
from crawler.explorer import charts
from crawler.explorer.pages import TABLES, TablePage
from crawler.explorer.queries import Questions
from crawler.explorer.security import CSRF_FIELD, Guard
from crawler.explorer.tables import View, apply, page, page_rows
from crawler.explorer.views import environment, href

if TYPE_CHECKING:
    from analysis.audit import Audit
    from analysis.index import Index

logger = logging.getLogger(__name__)
STATIC = Path(__file__).parent / "static"
#: The pages of one domain, in the order of the navigation bar.
DOMAIN_PAGES = [("overview", "Overview"), ("links", "Backlinks"), ("refdomains", "Referring domains"),
                ("anchors", "Anchors"), ("pages", "Top pages"), ("outlinks", "Outgoing links"),
                ("broken", "Broken backlinks"), ("history", "History"), ("audit", "Audit")]
INDEX_PAGES = [("top", "Top domains"), ("intersect", "Intersect"), ("crawls", "Crawls")]
#: Links of one referring domain shown in the audit (the rest: its Backlinks page, filtered).
AUDIT_LINKS = 20


@dataclass
class Explorer:
    """What the handlers share: the index's questions, the marks, the guard, the templates,
    and the audits already computed (the index does not change while it is served)."""

    data_dir: Path
    questions: Questions
    guard: Guard
    rows_per_page: int
    redis_url: str | None = None
    marks: Marks = field(init=False)
    audits: dict[str, Audit] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.marks = Marks(self.data_dir)
        self.env = environment()

    def render(self, request: web.Request, template: str, status: int = 200, **context: Any) -> web.Response:
        domain = context.pop("domain", None) or request.query.get("d", "")
        text = self.env.get_template(template).render(
            request=request, href=lambda path=None, **kw: href(request, path, **kw), domain=domain,
            domain_pages=DOMAIN_PAGES, index_pages=INDEX_PAGES, csrf=self.guard.csrf(request),
            csrf_field=CSRF_FIELD, **context)
        return web.Response(text=text, content_type="text/html", charset="utf-8", status=status)

    def error(self, request: web.Request, exc: AnalysisError) -> web.Response:
        status = 404 if isinstance(exc, UnknownDomain) else 400
        message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return self.render(request, "error.html", status=status, message=message)

    def audit_of(self, index: Index, domain: str) -> Audit:
        """The audit of `domain`, computed once per server."""
        from analysis.audit import audit

        name = index.domain(domain)
        if name not in self.audits:
            self.audits[name] = audit(index, name)
        return self.audits[name]


EXPLORER = web.AppKey("explorer", Explorer)


def _explorer(request: web.Request) -> Explorer:
    return request.app[EXPLORER]


async def home(request: web.Request) -> web.Response:
    ex = _explorer(request)
    if request.query.get("d"):
        raise web.HTTPSeeOther(href(request, "/overview"))

    def ask(index: Index) -> dict[str, Any]:
        top = index.top(limit=20) if index.graph != "absent" else None
        return {"crawls": formats.rows_of(index.crawls()),
                "top": formats.rows_of(top) if top is not None else None}

    return ex.render(request, "home.html", **await ex.questions.run(ask))


async def complete(request: web.Request) -> web.Response:
    """The domains the search box offers for what was typed: a JSON array."""
    typed = request.query.get("q", "")[:253]
    names = await _explorer(request).questions.run(lambda index: index.complete(typed))
    return web.json_response(names)


async def overview(request: web.Request) -> web.Response:
    ex = _explorer(request)
    domain = request.query.get("d", "")
    if not domain.strip():
        raise web.HTTPSeeOther("/")

    def ask(index: Index) -> dict[str, Any]:
        profile = index.profile(domain)
        weekly = formats.rows_of(index.history(profile.domain, by="weekly"), "New and lost, per week")
        return {"profile": profile, "weekly": weekly, "graph": index.graph != "absent"}

    try:
        found = await ex.questions.run(ask)
    except AnalysisError as exc:
        return ex.error(request, exc)
    profile = found["profile"]
    # the audit's part: in the page when this server computed it already, else fetched by the
    # page's script once it shows (an audit takes longer than the rest of the overview)
    result = ex.audits.get(profile.domain)
    return ex.render(request, "overview.html", domain=profile.domain,
                     document=formats.profile_document(profile), weekly=found["weekly"],
                     charts=charts.overview(profile), audit_part=found["graph"], audit=result,
                     audit_charts=charts.overview_audit(result) if result else [])


async def overview_audit(request: web.Request) -> web.Response:
    """The overview's audit part (verdicts and the audit's charts), as an HTML fragment."""
    ex = _explorer(request)
    try:
        result = await ex.questions.run(lambda index: ex.audit_of(index, request.query.get("d", "")))
    except AnalysisError as exc:
        return ex.error(request, exc)
    return ex.render(request, "_overview_audit.html", domain=result.domain, audit=result,
                     audit_charts=charts.overview_audit(result))


async def table(request: web.Request) -> web.StreamResponse:
    ex = _explorer(request)
    spec: TablePage = TABLES[request.match_info["name"]]
    if spec.needs_domain and not request.query.get("d", "").strip():
        raise web.HTTPSeeOther("/")
    view, fmt = View.of(request.query), request.query.get("format", "html")
    query = dict(request.query)

    def ask(index: Index) -> Any:
        viewed = apply(spec.ask(index, query), view, spec.search)
        if fmt in ("csv", "json"):
            out = io.BytesIO()
            formats.write(viewed, fmt, out)
            return out.getvalue()
        crawls = [row[1] for row in index.crawls().fetchall()]
        return {"page": page(viewed, view, ex.rows_per_page, spec.title), "crawls": crawls,
                "live": _live(ex, index) if spec.name == "crawls" else None}

    if spec.needs_domain is False and spec.name == "intersect" and not request.query.get("targets"):
        return ex.render(request, "table.html", spec=spec, result=None, crawls=[], view=view)
    try:
        found = await ex.questions.run(ask)
    except AnalysisError as exc:
        return ex.error(request, exc)
    if isinstance(found, bytes):
        return _download(found, fmt, f"{spec.name}-{request.query.get('d') or 'index'}")
    return ex.render(request, "table.html", spec=spec, result=found["page"], crawls=found["crawls"],
                     view=view, live=found["live"])


def _download(body: bytes, fmt: str, stem: str) -> web.Response:
    safe = "".join(c if c.isalnum() or c in ".-_" else "_" for c in stem)
    kind = "text/csv" if fmt == "csv" else "application/json"
    return web.Response(body=body, content_type=kind, charset="utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{safe}.{fmt}"'})


def _live(ex: Explorer, index: Index) -> list[dict[str, Any]] | None:
    """The Redis status of each crawl still running (started, no finish time, known to Redis),
    when --redis was given."""
    if ex.redis_url is None:
        return None
    from crawler.distributed.connection import client_from_url
    from crawler.distributed.control import status

    # a manifest that says the crawl started and not that it finished (data without manifests: no such crawl)
    running = [row[1] for row in index.crawls().fetchall() if row[2] is not None and row[3] is None]
    client = client_from_url(ex.redis_url)
    states = [status(client, crawl_id) for crawl_id in running]
    return [state for state in states if _known(state)]


def _known(state: dict[str, Any]) -> bool:
    """Redis holds something of this crawl (seeds, frontier, workers, domains): it runs there,
    and is not a local crawl that stopped without writing its finish time."""
    return any(state[key] for key in ("seeds_waiting", "frontier", "in_flight", "workers", "domains", "seen_urls"))


async def audit_page(request: web.Request) -> web.Response:
    ex = _explorer(request)
    domain = request.query.get("d", "")
    if not domain.strip():
        raise web.HTTPSeeOther("/")
    try:
        result = await ex.questions.run(lambda index: ex.audit_of(index, domain))
    except AnalysisError as exc:
        return ex.error(request, exc)
    document = formats.audit_document(result)
    view = View.of(request.query)
    shown = page_rows(document.rows, view, ex.rows_per_page)
    by_name = {d.domain: d for d in result.domains}
    marks = {(m.scope, m.value): m for m in ex.marks.of(result.domain)}
    return ex.render(request, "audit.html", domain=result.domain, audit=result, summary=document.parts[0],
                     classes=document.parts[1], result=shown, view=view, scored=by_name, marks=marks,
                     warnings=document.notes, audit_links=AUDIT_LINKS, charts=charts.audit(result),
                     removals=ex.marks.removal_requests(result.domain))


async def mark(request: web.Request) -> web.Response:
    """POST: record a mark (or clear it: action `clear`), then back to the audit page."""
    ex = _explorer(request)
    form = await request.post()
    target, scope, value, action = (str(form.get(k, "")) for k in ("d", "scope", "value", "action"))
    try:
        name = await ex.questions.run(lambda index: index.domain(target))
        if action == "clear":
            ex.marks.clear(name, scope, value)
        else:
            marked = ex.marks.set(name, scope, value, action, str(form.get("note", "")))
            if marked.action == "remove":  # a removal request opens (or keeps) its outreach entry
                from analysis.outreach.log import OutreachLog

                OutreachLog(ex.data_dir).add_from_mark(marked)
    except AnalysisError as exc:
        return ex.error(request, exc)
    back = str(form.get("back", ""))
    raise web.HTTPSeeOther(back if back.startswith("/audit?") else f"/audit?d={name}")


async def disavow(request: web.Request) -> web.Response:
    """The disavow file of the site's `disavow` marks, as a download."""
    ex = _explorer(request)
    try:
        name = await ex.questions.run(lambda index: index.domain(request.query.get("d", "")))
        text = ex.marks.disavow_file(name).text()
    except AnalysisError as exc:
        return ex.error(request, exc)
    return web.Response(text=text, content_type="text/plain", charset="utf-8",
                        headers={"Content-Disposition": f'attachment; filename="disavow-{name}.txt"'})


def make_app(index: Index, *, token: str | None, loopback: bool, rows_per_page: int,
             redis_url: str | None = None) -> web.Application:
    """The explorer over `index` (opened read-only), guarded as crawler/explorer/security.py says."""
    guard = Guard(token, loopback=loopback)
    app = web.Application(middlewares=[guard.middleware], client_max_size=64 * 1024)
    app[EXPLORER] = Explorer(index.data_dir, Questions(index), guard, rows_per_page, redis_url)
    app.router.add_get("/", home)
    app.router.add_get("/api/complete", complete)
    app.router.add_get("/overview", overview)
    app.router.add_get("/overview/audit", overview_audit)
    app.router.add_get("/audit", audit_page)
    app.router.add_post("/audit/mark", mark)
    app.router.add_get("/audit/disavow.txt", disavow)
    app.router.add_get("/{name:" + "|".join(TABLES) + "}", table)
    app.router.add_static("/static/", STATIC)
    app.on_cleanup.append(_close)
    return app


async def _close(app: web.Application) -> None:
    app[EXPLORER].questions.close()

