"""Google's disavow file: read one, build one from an audit, merge the two, write it within limits.

Google's rules (Search Console Help, "Disavow links to your site"): one URL or
`domain:example.com` per line; a `domain:` line covers the domain's subdomains; a sub-path
cannot be disavowed; `#` starts a comment; UTF-8 or 7-bit ASCII, a .txt file; URLs at most
2,048 characters; at most 100,000 lines (blank and comment lines included) and 2 MB. A new
upload replaces the old file, so we merge rather than replace.

Our writing: `domain:` lines first, then URL lines, each group sorted; no duplicates; the `#`
comment lines that precede an entry stay with it (the user's, or ours: verdict, score and
signals); comments after the last entry stay at the end; blank lines are dropped; UTF-8
without BOM, "\\n" line ends. Our URL lines that a `domain:` line covers are left out (the
user's are kept as written).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from analysis.errors import AnalysisError

if TYPE_CHECKING:
    from pathlib import Path

    from analysis.audit import Audit

MAX_LINES = 100_000
MAX_BYTES = 2 * 1024 * 1024
MAX_URL = 2048
_HOST_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-.")


class BadDisavowFile(AnalysisError):
    """A line of a disavow file that Google would not accept."""


class DisavowTooLarge(AnalysisError):
    """The file would pass Google's 100,000 lines or 2 MB even without our comments."""


@dataclass
class Entry:
    """One `domain:` or URL line and the comment lines before it."""

    value: str
    comments: list[str] = field(default_factory=list)
    ours: bool = False  # written by this audit (its comments may be dropped to fit)

    @property
    def is_domain(self) -> bool:
        return self.value.startswith("domain:")

    @property
    def domain(self) -> str:
        return self.value[len("domain:"):] if self.is_domain else (urlsplit(self.value).hostname or "")

    @property
    def key(self) -> tuple[int, str]:
        return (0 if self.is_domain else 1, self.value)


def domain_line(text: str) -> str:
    """`domain:NAME` checked: a host name, lower-case, IDN in punycode, no scheme or path."""
    name = text.strip().lower().rstrip(".")
    try:
        name = name.encode("idna").decode("ascii") if not name.isascii() else name
    except UnicodeError:
        raise BadDisavowFile(f"not a domain: {text!r}") from None
    if not name or "." not in name or not set(name) <= _HOST_CHARS or name.startswith((".", "-")):
        raise BadDisavowFile(f"not a domain: {text!r} (a domain: line takes a host name, "
                             "no scheme and no path)")
    return f"domain:{name}"


def url_line(text: str) -> str:
    """A URL line checked: http(s), a host, no whitespace, at most 2,048 characters."""
    url = text.strip()
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname or any(c.isspace() for c in url):
        raise BadDisavowFile(f"not a URL nor a domain: line: {text!r}")
    if len(url) > MAX_URL:
        raise BadDisavowFile(f"URL longer than {MAX_URL} characters: {url[:80]}...")
    return url


@dataclass
class DisavowFile:
    entries: dict[tuple[int, str], Entry] = field(default_factory=dict)
    trailing: list[str] = field(default_factory=list)  # comments after the last entry
    skipped: list[str] = field(default_factory=list)  # our URLs that could not be written

    @classmethod
    def parse(cls, text: str, source: str = "disavow file") -> DisavowFile:
        """A disavow file as Google reads it; BadDisavowFile names the first bad line."""
        out, pending = cls(), []
        for number, raw in enumerate(text.removeprefix("\ufeff").splitlines(), 1):
            line = raw.strip()
            if not line:
                continue
            if line.startswith("#"):
                pending.append(line)
                continue
            try:
                value = domain_line(line[7:]) if line.lower().startswith("domain:") else url_line(line)
            except BadDisavowFile as exc:
                raise BadDisavowFile(f"{source}, line {number}: {exc}") from None
            out.add(Entry(value, pending))
            pending = []
        out.trailing = pending
        return out

    @classmethod
    def read(cls, path: str | Path) -> DisavowFile:
        try:
            with open(path, encoding="utf-8") as f:
                return cls.parse(f.read(), str(path))
        except (OSError, UnicodeDecodeError) as exc:
            raise BadDisavowFile(f"cannot read disavow file {path}: {exc}") from None

    def add(self, entry: Entry) -> None:
        """Add `entry`; one already there keeps its place and comments, gaining the new
        entry's comments it lacks."""
        found = self.entries.get(entry.key)
        if found is None:
            self.entries[entry.key] = entry
            return
        found.comments += [c for c in entry.comments if c not in found.comments]

    def covers(self, url: str) -> bool:
        """Does a `domain:` line cover this URL's host?"""
        host = urlsplit(url).hostname or ""
        return any(host == e.domain or host.endswith("." + e.domain)
                   for e in self.entries.values() if e.is_domain)

    def merge(self, other: DisavowFile) -> DisavowFile:
        """`other`'s entries added to this file's (our URL lines a domain line covers left out)."""
        for entry in other.entries.values():
            if entry.is_domain:
                self.add(entry)
        for entry in other.entries.values():
            if not entry.is_domain and not (entry.ours and self.covers(entry.value)):
                self.add(entry)
        self.trailing += [c for c in other.trailing if c not in self.trailing]
        self.skipped += other.skipped
        return self

    def lines(self, *, our_comments: bool = True) -> list[str]:
        out = []
        for key in sorted(self.entries):
            entry = self.entries[key]
            if our_comments or not entry.ours:
                out += entry.comments
            out.append(entry.value)
        return out + self.trailing

    def text(self) -> str:
        """The file, within Google's limits: our comments go first if it is too large;
        DisavowTooLarge if it still is."""
        for ours in (True, False):
            lines = self.lines(our_comments=ours)
            body = "\n".join(lines) + "\n" if lines else ""
            if len(lines) <= MAX_LINES and len(body.encode("utf-8")) <= MAX_BYTES:
                return body
        raise DisavowTooLarge(f"the disavow file would have {len(lines)} lines and "
                              f"{len(body.encode('utf-8')):,} bytes; Google takes at most "
                              f"{MAX_LINES:,} lines and {MAX_BYTES:,} bytes: raise --min-score")

    def write(self, path: str | Path) -> None:
        text = self.text()
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)

    @property
    def domains(self) -> list[str]:
        return [e.domain for e in self.entries.values() if e.is_domain]

    @property
    def urls(self) -> list[str]:
        return [e.value for e in self.entries.values() if not e.is_domain]

    def disavows(self, src_url: str, src_host: str) -> bool:
        """Would Google ignore a link from this page?"""
        return src_url in {e.value for e in self.entries.values() if not e.is_domain} or \
            any(src_host == d or src_host.endswith("." + d) for d in self.domains)


def from_audit(result: Audit, min_score: float, today: date | None = None) -> DisavowFile:
    """The referring domains and pages of `result` scoring `min_score` or more. A domain goes
    in whole when at least half of its links to the site score that much; otherwise each of
    those linking pages goes in as a URL line. A comment line before each says why."""
    out = DisavowFile()
    stamp = (today or date.today()).isoformat()
    for d in result.domains:
        bad = [k for k in d.links if k.score >= min_score]
        if not bad:
            continue
        reasons = ", ".join(r.signal for r in d.signals)
        if len(bad) * 2 >= len(d.links):
            comment = f"# {d.domain}: {d.verdict}, score {d.score:g} ({reasons}); backlinks audit {stamp}"
            out.add(Entry(domain_line(d.domain), [comment], ours=True))
            continue
        for k in bad:
            try:
                value = url_line(k.src_url)
            except BadDisavowFile:
                out.skipped.append(k.src_url)
                continue
            why = ", ".join(r.signal for r in k.signals)
            out.add(Entry(value, [f"# {k.verdict}, score {k.score:g} ({why}); backlinks audit {stamp}"],
                          ours=True))
    return out
