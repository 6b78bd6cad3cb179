"""Outreach commands: contacts (analysis/outreach/contacts.py)."""

from __future__ import annotations

from pathlib import Path

from crawler.cli.app import ColumnsOpt, DataOpt, DomainArg, FormatOpt, LimitOpt, OutputOpt, app, emit


@app.command()
def contacts(
    site: DomainArg,
    data: DataOpt = Path("data"),
    fmt: FormatOpt = "table",
    limit: LimitOpt = 100,
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
    from analysis.index import Index
    from analysis.outreach.contacts import contacts as find

    with Index(data) as index:
        rows = find(index, site)
    emit(rows, fmt, output, limit=limit, columns=columns, title=f"Contacts of {site}")
