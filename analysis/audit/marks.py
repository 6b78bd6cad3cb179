"""The user's audit decisions: keep, request removal or disavow, per referring domain or link.

The audit scores links; the user decides. `backlinks serve` records each decision here, in
`DATA/audit-marks.json` (one JSON document, written under a temporary name and renamed, so a
crash never leaves half a file), and writes the site's disavow file from the `disavow` marks
to `DATA/disavow/<site>.txt` after every change, in Google's format (analysis/audit/disavow.py).

A mark names the site it was made for (`target`), what it covers (`scope`: a referring
`domain`, or one `link`, named by its referring page's URL), the `action`, when, and an
optional note. `removal_requests(target)` lists the `remove` marks: what an outreach log
(issue 16) starts from, so that store can be fed without reading this file's layout.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from analysis.audit.disavow import BadDisavowFile, DisavowFile, Entry, domain_line, url_line
from analysis.errors import AnalysisError

MARKS_FILE = "audit-marks.json"
DISAVOW_DIR = "disavow"
ACTIONS = ("keep", "remove", "disavow")
SCOPES = ("domain", "link")
#: Bumped when a mark gains or loses a field; an older file is read and rewritten.
VERSION = 1


class BadMark(AnalysisError):
    """A mark the store cannot take: an unknown action or scope, or a value that is no domain or URL."""


class BadMarksFile(AnalysisError):
    """DATA/audit-marks.json exists but is not a marks file."""


@dataclass(frozen=True)
class Mark:
    target: str  # the audited site (registered domain)
    scope: str  # "domain" or "link"
    value: str  # the referring domain, or the referring page's URL
    action: str  # "keep", "remove" or "disavow"
    at: str  # when, ISO 8601 UTC
    note: str = ""

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.target, self.scope, self.value)


def _checked(target: str, scope: str, value: str, action: str) -> str:
    """`value` as the disavow file would write it; BadMark for what it could not."""
    if action not in ACTIONS:
        raise BadMark(f"unknown action {action!r}: choose one of {', '.join(ACTIONS)}")
    if scope not in SCOPES:
        raise BadMark(f"unknown scope {scope!r}: choose one of {', '.join(SCOPES)}")
    try:
        domain_line(target)
        return domain_line(value).removeprefix("domain:") if scope == "domain" else url_line(value)
    except BadDisavowFile as exc:
        raise BadMark(str(exc)) from None


class Marks:
    """The marks of one data directory, loaded at once; every change is saved before it returns."""

    def __init__(self, data_dir: str | Path) -> None:
        self.data_dir = Path(data_dir)
        self.path = self.data_dir / MARKS_FILE
        self._marks: dict[tuple[str, str, str], Mark] = {}
        if self.path.exists():
            self._load()

    def _load(self) -> None:
        try:
            doc = json.loads(self.path.read_text(encoding="utf-8"))
            marks = [Mark(**m) for m in doc["marks"]]
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise BadMarksFile(f"{self.path} is not a marks file ({exc}): move it aside") from None
        self._marks = {m.key: m for m in marks}

    def of(self, target: str) -> list[Mark]:
        """The marks made for `target`, domains first, each group in name order."""
        return sorted((m for m in self._marks.values() if m.target == target),
                      key=lambda m: (m.scope != "domain", m.value))

    def get(self, target: str, scope: str, value: str) -> Mark | None:
        return self._marks.get((target, scope, value))

    def set(self, target: str, scope: str, value: str, action: str, note: str = "") -> Mark:
        """Record `action` for `value` (replacing an earlier mark of it), then save."""
        mark = Mark(target, scope, _checked(target, scope, value, action), action,
                    datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z"), note.strip())
        self._marks[mark.key] = mark
        self._save(target)
        return mark

    def clear(self, target: str, scope: str, value: str) -> None:
        """Forget the mark of `value`, if any, then save."""
        self._marks.pop((target, scope, value), None)
        self._save(target)

    def removal_requests(self, target: str) -> list[Mark]:
        """The domains and links the user asked to have removed: the outreach log's input."""
        return [m for m in self.of(target) if m.action == "remove"]

    def disavow_file(self, target: str) -> DisavowFile:
        """The disavow file of `target`'s `disavow` marks, each after a comment saying when."""
        out = DisavowFile()
        for m in self.of(target):
            if m.action == "disavow":
                value = f"domain:{m.value}" if m.scope == "domain" else m.value
                why = f"# marked disavow {m.at[:10]}" + (f": {m.note}" if m.note else "")
                out.add(Entry(value, [" ".join(why.split())], ours=True))
        return out

    def disavow_path(self, target: str) -> Path:
        return self.data_dir / DISAVOW_DIR / f"{target}.txt"

    def _save(self, target: str) -> None:
        doc = {"version": VERSION, "marks": [asdict(m) for m in sorted(self._marks.values(), key=lambda m: m.key)]}
        write_atomically(self.path, json.dumps(doc, ensure_ascii=False, indent=1) + "\n")
        write_atomically(self.disavow_path(target), self.disavow_file(target).text())


def write_atomically(path: Path, text: str) -> None:
    """`text` to `path` under a temporary name in the same directory, then renamed over it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
