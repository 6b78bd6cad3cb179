"""The outreach log in the disavow file: what was asked before disavowing.

Each removal request whose link stayed (`requested`, `no_reply`, `refused`, `disavowed`) gets
a comment on its line, "# removal requested on DATE, no reply" (or "refused on DATE"); a
request the user moved to `disavowed` is added to the file if the audit did not put it there.
"""

from __future__ import annotations

from analysis.audit.disavow import BadDisavowFile, DisavowFile, Entry, domain_line, url_line
from analysis.outreach.log import Entry as LogEntry
from analysis.outreach.log import OutreachLog

#: Removal requests whose link stayed.
STAYED = ("requested", "no_reply", "refused", "disavowed")


def comment(entry: LogEntry) -> str:
    requested = (entry.since("requested") or entry.created_at)[:10]
    refused = entry.since("refused")
    if refused is not None:
        return f"# removal requested on {requested}, refused on {refused[:10]}"
    return f"# removal requested on {requested}, " + ("no reply yet" if entry.status == "requested" else "no reply")


def with_outreach(disavow: DisavowFile, log: OutreachLog, site: str) -> DisavowFile:
    """`disavow` with the comments and entries of `site`'s removal requests (module docstring)."""
    for entry in log.entries(site=site, kind="remove"):
        if entry.status not in STAYED:
            continue
        try:
            value = url_line(entry.page) if entry.page else domain_line(entry.domain)
        except BadDisavowFile:
            continue  # a page the file cannot hold (too long): the audit skips it too
        found = disavow.entries.get(Entry(value).key)
        if found is None and entry.page and disavow.covers(entry.page):
            host = Entry(value).domain
            found = next(e for e in disavow.entries.values()
                         if e.is_domain and (host == e.domain or host.endswith("." + e.domain)))
        if found is not None or entry.status == "disavowed":
            disavow.add(Entry(found.value if found else value, [comment(entry)], ours=True))
    return disavow
