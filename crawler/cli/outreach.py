"""Outreach commands: contacts, outreach add|list|update|messages|sync, recheck
(analysis/outreach/)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from crawler.cli.app import (
    ColumnsOpt,
    DataOpt,
    DomainArg,
    FileFormatOpt,
    LimitOpt,
    OutputOpt,
    ProxyOpt,
    QuietOpt,
    SettingOpt,
    app,
    emit,
)
from crawler.errors import BacklinksError


@app.command()
def contacts(
    site: DomainArg,
    data: DataOpt = Path("data"),
    fmt: FileFormatOpt = "table",
    limit: LimitOpt = 0,
    output: OutputOpt = None,
    columns: ColumnsOpt = None,
) -> None:
    """Who to write to at a site: e-mail addresses, phone numbers, contact, imprint, author and
    about pages found on its crawled pages, best first.

    E-mail addresses come from mailto: links, the text (obfuscated ones too: name [at] example
    [dot] com) and schema.org Organization and ContactPoint data; the site's own domain ranks
    first, role addresses (info@, press@) before people's, webmail last. Each row: contact,
    type (email, phone, contact_page, imprint_page, author_page, about_page), source_url (where
    it was found), rank, pages (on how many).

    Example: backlinks contacts example.com --format csv
    """
    from analysis.formats import dict_rows
    from analysis.index import Index
    from analysis.outreach.contacts import COLUMNS as ALL
    from analysis.outreach.contacts import contacts as find

    with Index(data) as index:
        rows = find(index, site)
    emit(dict_rows(rows, ALL), fmt, output, limit=limit, columns=columns, title=f"Contacts of {site}")


outreach_app = typer.Typer(help="The outreach log (DATA/outreach.json): add, list and update entries, write "
                                "messages, mark removed links.", no_args_is_help=True)
app.add_typer(outreach_app, name="outreach")

SiteOpt = Annotated[str, typer.Option("--site", help="Your site: whose links the entry is about.")]
ContactOpt = Annotated[list[str] | None, typer.Option(
    "--contact", help="An e-mail address or page to write to (repeatable; default: the best of `backlinks contacts`).")]
#: What `outreach list` shows in a table.
LIST_COLUMNS = ["id", "kind", "domain", "page", "status", "updated_at", "contacts", "removed_record"]


def _log(data: Path) -> Any:
    """The outreach log of an existing data directory (a mistyped --data makes no new one)."""
    from analysis.outreach.log import OutreachLog

    if not data.is_dir():
        raise BacklinksError(f"no data directory {data}: give the --data of your crawls")
    return OutreachLog(data)


@outreach_app.command("add")
def outreach_add(
    kind: Annotated[str, typer.Argument(help="acquire, reclaim or remove.")],
    domain: DomainArg,
    site: SiteOpt,
    data: DataOpt = Path("data"),
    page: Annotated[str | None, typer.Option("--page", help="The page linking (or to ask), if one.")] = None,
    reason: Annotated[str, typer.Option("--reason", help="Why: the opportunity, the audit's verdict...")] = "",
    evidence: Annotated[str | None, typer.Option(
        "--evidence", help="The WARC record that shows it (file@offset:length).")] = None,
    contact: ContactOpt = None,
    note: Annotated[str, typer.Option("--note", help="A note of your own.")] = "",
) -> None:
    """Add an entry to the outreach log: acquire (ask for a link), reclaim (a lost one back)
    or remove (a bad one gone). It starts as prospect (acquire, reclaim) or requested (remove);
    its contacts default to the three best e-mail addresses `backlinks contacts` finds, a
    removal's evidence to the WARC record of the latest fetch holding the link.

    Example: backlinks outreach add remove spammy.example --site mysite.com --page http://spammy.example/p
    """
    from analysis.index import Index
    from analysis.outreach.contacts import contacts as find_contacts
    from analysis.outreach.removals import link_record

    with Index(data) as index:
        mine, theirs = index.domain(site), index.domain(domain)
        found = contact or [r["contact"] for r in find_contacts(index, theirs) if r["type"] == "email"][:3]
        if evidence is None and kind == "remove":
            evidence = link_record(index, mine, theirs, page)
    entry = _log(data).add(kind, mine, theirs, page=page, reason=reason, evidence=evidence, contacts=found,
                           note=note)
    typer.echo(f"entry {entry.id}: {entry.kind} {entry.domain}, {entry.status}", err=True)


@outreach_app.command("list")
def outreach_list(
    data: DataOpt = Path("data"),
    site: Annotated[str | None, typer.Option("--site", help="Only the entries of this site.")] = None,
    kind: Annotated[str | None, typer.Option("--kind", help="Only acquire, reclaim or remove.")] = None,
    status: Annotated[str | None, typer.Option("--status", help="Only entries in this status.")] = None,
    fmt: FileFormatOpt = "table",
    limit: LimitOpt = 0,
    output: OutputOpt = None,
    columns: ColumnsOpt = None,
) -> None:
    """The entries of the outreach log, oldest first, with their status, contacts and dates.

    Example: backlinks outreach list --site mysite.com --status requested --format csv
    """
    rows = [e.to_row() for e in _log(data).entries(site=site, kind=kind, status=status)]
    emit(rows, fmt, output, limit=limit, columns=columns, default_columns=LIST_COLUMNS, title="Outreach log")


@outreach_app.command("update")
def outreach_update(
    entry_id: Annotated[int, typer.Argument(metavar="ID", help="The entry's id (`outreach list`).")],
    data: DataOpt = Path("data"),
    status: Annotated[str | None, typer.Option(
        "--status", help="The new status: contacted, replied, won, declined, no_reply; requested, removed, "
                         "refused, disavowed.")] = None,
    note: Annotated[str | None, typer.Option("--note", help="Replace the note.")] = None,
    contact: Annotated[list[str] | None, typer.Option("--contact", help="Replace the contacts (repeatable).")] = None,
) -> None:
    """Change an entry of the outreach log: its status (one that may follow the current one),
    note or contacts.

    Example: backlinks outreach update 3 --status contacted
    """
    entry = _log(data).update(entry_id, status=status, note=note, contacts=contact)
    typer.echo(f"entry {entry.id}: {entry.kind} {entry.domain}, {entry.status}", err=True)


@outreach_app.command("messages")
def outreach_messages(
    site: SiteOpt,
    sender: Annotated[str, typer.Option("--from", help="Your name and address, as the From: line says it.")],
    data: DataOpt = Path("data"),
    status: Annotated[str | None, typer.Option(
        "--status", help="Only entries in this status (default: prospect and requested).")] = None,
    to_dir: Annotated[Path | None, typer.Option("--eml", help="Write one .eml file per message here.")] = None,
    output: OutputOpt = None,
    template: Annotated[Path | None, typer.Option(
        "--template", help="Your own template (a Subject: line, a blank line, the body; $site, $domain, $page, "
                           "$reason, $evidence, $contact, $sender).")] = None,
) -> None:
    """Write the messages of the outreach log's entries from templates: .eml files (--eml DIR)
    or a CSV (id, to, subject, body) for a mail tool. Nothing is sent.

    Example: backlinks outreach messages --site mysite.com --from "Ann <ann@mysite.com>" --eml outbox/
    """
    from datetime import UTC, datetime

    from analysis.outreach import messages

    entries = [e for e in _log(data).entries(site=site, status=status)
               if status is not None or e.status in ("prospect", "requested")]
    written: list[messages.Message] = []
    skipped: list[int] = []
    for e in entries:
        message = messages.render(e, sender, messages.template_text(e.kind, template))
        if message is None:
            skipped.append(e.id)
        else:
            written.append(message)
    if to_dir is not None:
        paths = messages.write_eml(written, to_dir, sender, datetime.now(UTC))
        typer.echo(f"wrote {len(paths)} .eml files to {to_dir}/", err=True)
    elif output is not None:
        output.write_text(messages.csv_text(written), encoding="utf-8")
    else:
        typer.echo(messages.csv_text(written), nl=False)
    if skipped:
        typer.echo(f"{len(skipped)} entries have no e-mail contact: "
                   + ", ".join(map(str, skipped)) + " (outreach update ID --contact ...)", err=True)


@outreach_app.command("sync")
def outreach_sync(
    site: DomainArg,
    data: DataOpt = Path("data"),
) -> None:
    """Mark the site's removal requests whose link is gone as removed, each with the WARC record
    of the fetch that shows it (after `backlinks recheck` or a crawl).

    Example: backlinks outreach sync mysite.com
    """
    from analysis.index import Index
    from analysis.outreach.removals import mark_removed

    with Index(data) as index:
        marked = mark_removed(index, _log(data), index.domain(site))
    for e in marked:
        typer.echo(f"entry {e.id}: {e.domain} removed ({e.removed_record})", err=True)
    typer.echo(f"{len(marked)} removal requests marked removed", err=True)


@app.command()
def recheck(
    site: DomainArg,
    data: DataOpt = Path("data"),
    proxy: ProxyOpt = "",
    setting: SettingOpt = None,
    quiet: QuietOpt = False,
    crawl_id: Annotated[str, typer.Option("--crawl-id", help="Name of this crawl (default: recheck-<time>).")] = "",
) -> None:
    """Fetch again just the pages known to link to a site and the pages of its outreach log,
    as a small crawl of its own (their links recorded, not followed; robots.txt obeyed); then
    mark the removal requests whose link is gone. Cheap enough to run from cron.

    Example: backlinks recheck mysite.com --data data/
    """
    from analysis.index import Index
    from analysis.outreach.recheck import recheck_urls
    from analysis.outreach.removals import mark_removed
    from crawler.cli.crawl import _settings_pairs
    from crawler.processes import run_processes
    from crawler.spiders.backlinks import new_crawl_id

    with Index(data) as index:
        mine = index.domain(site)
        urls = recheck_urls(index, mine, _log(data))
    if not urls:
        raise BacklinksError(f"no page is known to link to {mine}: nothing to recheck")
    overrides: dict[str, object] = {
        "BACKLINKS_DATA_DIR": str(data), "BACKLINKS_SEEDS_ONLY": True, "BACKLINKS_PROGRESS": not quiet,
        "BACKLINKS_CRAWL_ID": crawl_id or f"recheck-{new_crawl_id()}"}
    if proxy:
        overrides["BACKLINKS_PROXY"] = proxy
    overrides.update(_settings_pairs(setting or []))
    stats = run_processes(urls, overrides, 1)
    with Index(data) as index:
        marked = mark_removed(index, _log(data), mine)
    typer.echo(f"recheck {stats['crawl_id']}: {len(urls)} pages asked, {stats.get('progress/pages', 0)} fetched, "
               f"{stats.get('progress/fetch_errors', 0)} fetch errors; {len(marked)} removal requests marked removed",
               err=True)


@outreach_app.command("add-opportunities")
def outreach_add_opportunities(
    site: DomainArg,
    competitors: Annotated[list[str] | None, typer.Option(
        "--competitors", "-c", help="The competitors, comma-separated or repeated.")] = None,
    data: DataOpt = Path("data"),
    kinds: Annotated[list[str] | None, typer.Option(
        "--kind", help="Only these kinds: intersect, broken, mention, reclaim, local.")] = None,
    region: Annotated[str | None, typer.Option("--region", help="Local prospects: the site's country TLD.")] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=0, help="At most this many, best first (0: all).")] = 0,
) -> None:
    """Add the link opportunities of a site (as `backlinks opportunities` finds them) to the
    outreach log: reclaim entries for reclaim rows, acquire entries for the others, each with
    its reason, its WARC record as evidence and the best e-mail addresses of its domain.

    Example: backlinks outreach add-opportunities mysite.com -c rival1.com,rival2.com --kind broken,mention
    """
    from analysis.index import Index
    from analysis.opportunities import KINDS
    from analysis.opportunities import opportunities as find
    from analysis.outreach.contacts import contacts as find_contacts
    from analysis.outreach.prospects import add_opportunities
    from crawler.cli.opportunities import split_list

    with Index(data) as index:
        mine = index.domain(site)
        rows = find(index, mine, split_list(competitors), kinds=split_list(kinds) or KINDS, region=region)
        rows = sorted(rows, key=lambda r: -r["value"])[:limit or None]
        contacts = {d: [r["contact"] for r in find_contacts(index, d) if r["type"] == "email"][:3]
                    for d in {r["domain"] for r in rows}}
    entries = add_opportunities(_log(data), mine, rows, contacts)
    typer.echo(f"{len(entries)} opportunities in the outreach log ({len({e.id for e in entries})} entries)", err=True)
