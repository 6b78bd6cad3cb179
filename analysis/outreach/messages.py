"""Messages for the outreach log's entries, from templates, to `.eml` files or a CSV for a
mail tool. Nothing is sent: the project holds no mail credentials anywhere.

A template (templates/<kind>.txt, one per entry kind; `--template` gives another) is a
`Subject:` line, a blank line and the body, with `$site`, `$domain`, `$page` (the page, or
the domain), `$page_or_site`, `$reason`, `$evidence`, `$contact` and `$sender` replaced
(string.Template: `$$` is a dollar sign). An entry is written to its first e-mail contact;
one without any is left out, and said so.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from string import Template
from typing import TYPE_CHECKING

from analysis.outreach.log import OutreachError

if TYPE_CHECKING:
    from datetime import datetime

    from analysis.outreach.log import Entry

TEMPLATES = Path(__file__).parent / "templates"


@dataclass(frozen=True)
class Message:
    entry_id: int
    to: str
    subject: str
    body: str


def template_text(kind: str, path: str | Path | None = None) -> str:
    """The template of `kind` entries, or the file `path`."""
    source = Path(path) if path is not None else TEMPLATES / f"{kind}.txt"
    try:
        return source.read_text(encoding="utf-8")
    except OSError as exc:
        raise OutreachError(f"cannot read template {source}: {exc.strerror or exc}") from None


def render(entry: Entry, sender: str, text: str) -> Message | None:
    """The message of `entry` from template `text`, or None when it has no e-mail contact."""
    to = next((c for c in entry.contacts if "@" in c), None)
    if to is None:
        return None
    values = {"site": entry.site, "domain": entry.domain, "page": entry.page or entry.domain,
              "page_or_site": entry.page or entry.domain, "reason": entry.reason or "see below",
              "evidence": entry.evidence or "", "contact": to, "sender": sender}
    try:
        filled = Template(text).substitute(values)
    except (KeyError, ValueError) as exc:
        raise OutreachError(f"the template has an unknown or bad placeholder ({exc}): use "
                            f"{', '.join('$' + k for k in values)}") from None
    head, _, body = filled.partition("\n\n")
    if not head.lower().startswith("subject:"):
        raise OutreachError("a template starts with a `Subject:` line, then a blank line, then the body")
    return Message(entry.id, to, head.split(":", 1)[1].strip(), body.strip() + "\n")


def write_eml(messages: list[Message], directory: str | Path, sender: str, when: datetime) -> list[Path]:
    """One `.eml` file per message in `directory` (`<id>-<to>.eml`); their paths."""
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for m in messages:
        mail = EmailMessage()
        mail["From"], mail["To"], mail["Subject"] = sender, m.to, m.subject
        mail["Date"] = format_datetime(when)
        mail["X-Backlinks-Outreach-Id"] = str(m.entry_id)
        mail.set_content(m.body)
        path = out / f"{m.entry_id:04d}-{m.to.replace('@', '_at_')}.eml"
        path.write_bytes(bytes(mail))
        paths.append(path)
    return paths


def csv_text(messages: list[Message]) -> str:
    """The messages as CSV (`id,to,subject,body`), for a mail merge."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["id", "to", "subject", "body"])
    writer.writerows([m.entry_id, m.to, m.subject, m.body] for m in messages)
    return buffer.getvalue()
