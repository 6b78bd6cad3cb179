"""The outreach log: who was asked for what, and what came of it.

`DATA/outreach.json`, one JSON document written under a temporary name and renamed (as the
audit marks are: analysis/audit/marks.py), every read-change-write under an exclusive lock of
`DATA/.outreach.lock`, so the command line and `backlinks serve` can both write it.

An entry: `id`, `kind` (`acquire`: ask for a new link; `reclaim`: ask for a lost one back;
`remove`: ask for a bad one to go), `site` (whose links), `domain` (who is asked), `page`
(the linking or prospect page, if one), `reason` and `evidence` (the WARC record that shows
it, `file@offset:length`), `contacts`, `status`, `note`, `created_at`, `updated_at`,
`history` (each status with when), and for a removal that happened, `removed_record` (the
WARC record of the fetch that no longer links).

Statuses (`NEXT` says which may follow which):
acquire, reclaim:  prospect -> contacted -> replied -> won | declined, and no_reply
remove:            requested -> removed | refused | no_reply -> disavowed
"""

from __future__ import annotations

import fcntl
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from analysis.audit.marks import Mark, write_atomically
from analysis.errors import AnalysisError

LOG_FILE = "outreach.json"
VERSION = 1
KINDS = ("acquire", "reclaim", "remove")
#: status -> the statuses that may follow it
NEXT: dict[str, tuple[str, ...]] = {
    "prospect": ("contacted",),
    "contacted": ("replied", "won", "declined", "no_reply"),
    "replied": ("won", "declined"),
    "no_reply": ("contacted", "won", "requested", "removed", "disavowed"),
    "requested": ("removed", "refused", "no_reply", "disavowed"),
    "refused": ("removed", "disavowed", "requested"),
    "won": (), "declined": (), "removed": (), "disavowed": (),
}
#: the status a new entry of each kind starts in
FIRST = {"acquire": "prospect", "reclaim": "prospect", "remove": "requested"}
#: statuses each kind may take
OF_KIND = {"acquire": ("prospect", "contacted", "replied", "won", "declined", "no_reply"),
           "reclaim": ("prospect", "contacted", "replied", "won", "declined", "no_reply"),
           "remove": ("requested", "removed", "refused", "no_reply", "disavowed")}


class OutreachError(AnalysisError):
    """A change the log cannot take: an unknown kind, status or entry, a status that cannot
    follow the current one, or a log file that is not one."""


def now_utc() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


@dataclass
class Entry:
    id: int
    kind: str
    site: str
    domain: str
    page: str | None
    reason: str
    evidence: str | None
    contacts: list[str]
    status: str
    note: str
    created_at: str
    updated_at: str
    history: list[dict[str, str]] = field(default_factory=list)
    removed_record: str | None = None

    def to_row(self) -> dict[str, Any]:
        """The entry as a row of `outreach list` (its history as the dates of each status)."""
        row = asdict(self)
        row["history"] = ", ".join(f"{h['status']} {h['at'][:10]}" for h in self.history)
        return row

    def since(self, status: str) -> str | None:
        """When the entry last took `status`, or None."""
        return next((h["at"] for h in reversed(self.history) if h["status"] == status), None)


class OutreachLog:
    """The outreach log of one data directory (see the module docstring)."""

    def __init__(self, data_dir: str | Path) -> None:
        self.data_dir = Path(data_dir)
        self.path = self.data_dir / LOG_FILE

    def entries(self, *, site: str | None = None, kind: str | None = None, status: str | None = None) -> list[Entry]:
        """The entries, oldest first, filtered."""
        return [e for e in self._read() if (site is None or e.site == site) and (kind is None or e.kind == kind)
                and (status is None or e.status == status)]

    def get(self, entry_id: int) -> Entry:
        found = next((e for e in self._read() if e.id == entry_id), None)
        if found is None:
            raise OutreachError(f"no outreach entry {entry_id}: `backlinks outreach list` shows them")
        return found

    def add(self, kind: str, site: str, domain: str, *, page: str | None = None, reason: str = "",
            evidence: str | None = None, contacts: list[str] | None = None, status: str | None = None,
            note: str = "", at: str | None = None) -> Entry:
        """A new entry (its status: FIRST[kind] unless given); an entry of the same kind, site,
        domain and page that is still open is returned as it is instead."""
        if kind not in KINDS:
            raise OutreachError(f"unknown kind {kind!r}: choose one of {', '.join(KINDS)}")
        status = status or FIRST[kind]
        _check_status(kind, status)
        with self._locked() as entries:
            for e in entries:
                if (e.kind, e.site, e.domain, e.page) == (kind, site, domain, page) and NEXT[e.status]:
                    return e
            moment = at or now_utc()
            entry = Entry(max((e.id for e in entries), default=0) + 1, kind, site, domain, page, reason, evidence,
                          list(contacts or []), status, note, moment, moment, [{"status": status, "at": moment}])
            entries.append(entry)
            return entry

    def update(self, entry_id: int, *, status: str | None = None, note: str | None = None,
               contacts: list[str] | None = None, removed_record: str | None = None, at: str | None = None) -> Entry:
        """Change an entry: a new status (one NEXT allows), a note, its contacts, the WARC record
        that shows a link removed."""
        with self._locked() as entries:
            entry = next((e for e in entries if e.id == entry_id), None)
            if entry is None:
                raise OutreachError(f"no outreach entry {entry_id}: `backlinks outreach list` shows them")
            moment = at or now_utc()
            if status is not None and status != entry.status:
                _check_status(entry.kind, status)
                if status not in NEXT[entry.status]:
                    allowed = ", ".join(NEXT[entry.status]) or "nothing: it is closed"
                    raise OutreachError(f"entry {entry_id} is {entry.status}: it can become {allowed}, not {status}")
                entry.status = status
                entry.history.append({"status": status, "at": moment})
            if note is not None:
                entry.note = note
            if contacts is not None:
                entry.contacts = contacts
            if removed_record is not None:
                entry.removed_record = removed_record
            entry.updated_at = moment
            return entry

    def add_from_mark(self, mark: Mark, *, contacts: list[str] | None = None) -> Entry:
        """A removal request for a `remove` mark of the audit (`backlinks serve`): the hook from
        the explorer's marks to this log."""
        if mark.action != "remove":
            raise OutreachError(f"a {mark.action} mark is no removal request")
        domain = mark.value if mark.scope == "domain" else _domain_of(mark.value)
        page = None if mark.scope == "domain" else mark.value
        return self.add("remove", mark.target, domain, page=page, reason="marked remove in the audit",
                        contacts=contacts, note=mark.note, at=mark.at)

    # -- the file ---------------------------------------------------------------------------
    def _read(self) -> list[Entry]:
        if not self.path.exists():
            return []
        try:
            doc = json.loads(self.path.read_text(encoding="utf-8"))
            return [Entry(**e) for e in doc["entries"]]
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise OutreachError(f"{self.path} is not an outreach log ({exc}): move it aside") from None

    @contextmanager
    def _locked(self) -> Iterator[list[Entry]]:
        """The entries, read under the lock, written back when the block ends without error."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        with open(self.data_dir / f".{LOG_FILE}.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            entries = self._read()
            yield entries
            doc = {"version": VERSION, "entries": [asdict(e) for e in entries]}
            write_atomically(self.path, json.dumps(doc, ensure_ascii=False, indent=1) + "\n")


def _check_status(kind: str, status: str) -> None:
    if status not in OF_KIND[kind]:
        raise OutreachError(f"unknown status {status!r} for a {kind} entry: choose one of {', '.join(OF_KIND[kind])}")


def _domain_of(url: str) -> str:
    from analysis import names

    return names.candidates(url)[-1]
