"""What the parts of an ingest tell each other, as typed values (no positional tuples).

    RecordRows   record handler -> range reader: the rows and counters of one record
    Progress     range reader -> parent: counts since the last report
    Checkpoint   range reader -> parent: a range's next offset, its part files, its counters
    TaskFailed   pool -> parent: a range stopped on an unexpected error

Progress, Checkpoint and TaskFailed cross a process boundary (a multiprocessing queue): they
hold plain values only.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from datetime import datetime

#: Counters of what a record produced, undone when the record is dropped.
PRODUCED = ("pages", "links", "wat/pages", "revisits/resolved", "revisits/deferred", "extract/warnings")


@dataclass
class RecordRows:
    """The rows one record gives, by table ("pages", "links", "originals", "deferred"), its
    counters and capture dates. The reader commits them once it knows where the record ends
    (their `warc_length`), or drops them when the record turns out damaged."""

    offset: int
    stats: Counter[str] = field(default_factory=Counter)
    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    captured: list[datetime] = field(default_factory=list)
    failed: bool = False  # counted as an error already: its rows are gone
    whole: bool = False  # its HTTP payload shows its own end (records.Capture.whole)

    def add(self, table: str, row: dict[str, Any]) -> None:
        self.rows.setdefault(table, []).append(row)

    def fail(self, kind: str) -> None:
        """The record is damaged (`errors/<kind>`): nothing of it is stored."""
        self.rows.clear()
        self.captured.clear()
        for name in PRODUCED:
            self.stats.pop(name, None)
        self.failed = True
        self.stats[f"errors/{kind}"] += 1


@dataclass(frozen=True)
class Progress:
    """Counts (bytes, records, pages, links, errors) since the range's last Progress."""

    delta: dict[str, int]


@dataclass(frozen=True)
class Checkpoint:
    """A range's state, written into the ingest manifest by the parent: records before
    `next_offset` are in `parts` (None with `done`: the range is read to its end). `failed`
    says why the file could not be read at all."""

    key: str  # the file's checksum
    index: int  # the range's number in the file
    next_offset: int | None
    done: bool
    parts: list[str]
    stats: dict[str, Any]
    failed: str | None = None


@dataclass(frozen=True)
class TaskFailed:
    """A range stopped on an unexpected error; the file stays unfinished, for the next run."""

    key: str
    message: str


Event = Progress | Checkpoint | TaskFailed
