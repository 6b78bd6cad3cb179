"""Google's disavow file rules, written from its help page (Search Console Help, "Disavow links
to your site") and independent of analysis/audit/disavow.py, to check a file line by line.

    one URL or `domain:example.com` per line; a domain: line names a host (no scheme, no path);
    `#` starts a comment; UTF-8 (or 7-bit ASCII); URLs at most 2,048 characters; at most
    100,000 lines (blank and comment lines included) and 2 MB.

Plus what backlinks promises on top: no BOM, no blank line, domain: lines first then URL lines,
each sorted, no duplicate, "\\n" line ends and a final one.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

MAX_LINES = 100_000
MAX_BYTES = 2 * 1024 * 1024
MAX_URL = 2048
_HOST = re.compile(r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$")


def problems(raw: bytes) -> list[str]:
    """Every way `raw` breaks a rule, as `line N: why` (empty: a good file)."""
    out = []
    if len(raw) > MAX_BYTES:
        out.append(f"{len(raw)} bytes > 2 MB")
    if raw.startswith(b"\xef\xbb\xbf"):
        out.append("starts with a BOM")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return out + [f"not UTF-8: {exc}"]
    if b"\r" in raw:
        out.append("CR line ends")
    if text and not text.endswith("\n"):
        out.append("no final line end")
    lines = text.split("\n")[:-1] if text.endswith("\n") else text.split("\n")
    if len(lines) > MAX_LINES:
        out.append(f"{len(lines)} lines > 100,000")
    entries = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            out.append(f"line {n}: blank")
        elif line.startswith("#"):
            continue
        elif line.startswith("domain:"):
            host = line[len("domain:"):]
            if not _HOST.match(host):
                out.append(f"line {n}: domain: line without a host name: {line!r}")
            entries.append((0, line))
        else:
            parts = urlsplit(line)
            if parts.scheme not in ("http", "https") or not parts.hostname or " " in line:
                out.append(f"line {n}: neither a URL nor a domain: line: {line!r}")
            if len(line) > MAX_URL:
                out.append(f"line {n}: URL of {len(line)} characters")
            entries.append((1, line))
    if entries != sorted(entries):
        out.append("entries are not sorted (domain: lines first)")
    if len(set(entries)) != len(entries):
        out.append("duplicate entries")
    return out


def blocks(text: str) -> dict[str, list[str]]:
    """Entry -> the comment lines right before it."""
    out: dict[str, list[str]] = {}
    pending: list[str] = []
    for line in text.splitlines():
        if line.startswith("#"):
            pending.append(line)
        elif line.strip():
            out[line] = pending
            pending = []
    return out
