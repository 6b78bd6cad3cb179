"""The outreach log as a library: entries, statuses in their order, the file, the explorer's
marks as removal requests, messages to .eml and CSV, disavow comments."""

from __future__ import annotations

import csv
import email
import io
import json

import pytest

from analysis.audit.disavow import DisavowFile, Entry, domain_line
from analysis.audit.marks import Marks
from analysis.outreach import messages
from analysis.outreach.disavow import with_outreach
from analysis.outreach.log import LOG_FILE, OutreachError, OutreachLog

T0, T1, T2 = "2026-11-02T10:00:00Z", "2026-11-09T10:00:00Z", "2026-11-23T10:00:00Z"


def test_add_list_update_in_order(tmp_path):
    log = OutreachLog(tmp_path)
    a = log.add("acquire", "me.com", "blog.org", reason="intersect", contacts=["ed@blog.org"], at=T0)
    r = log.add("remove", "me.com", "spam.xyz", page="http://spam.xyz/p", at=T0)
    assert (a.id, a.status, r.id, r.status) == (1, "prospect", 2, "requested")
    assert log.add("acquire", "me.com", "blog.org", at=T1).id == 1  # still open: the same entry
    for status in ("contacted", "replied", "won"):
        log.update(1, status=status, at=T1)
    assert [h["status"] for h in log.get(1).history] == ["prospect", "contacted", "replied", "won"]
    assert [e.id for e in log.entries(status="requested")] == [2]
    assert log.add("acquire", "me.com", "blog.org", at=T2).id == 3  # the first is closed: a new one
    doc = json.loads((tmp_path / LOG_FILE).read_text())
    assert doc["version"] == 1 and [e["id"] for e in doc["entries"]] == [1, 2, 3]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(f".{LOG_FILE}.") and p.name != f".{LOG_FILE}.lock"]


@pytest.mark.parametrize(("kind", "path", "bad", "message"), [
    ("remove", ["removed", "contacted"], "contacted", "unknown status 'contacted' for a remove entry"),
    ("acquire", ["contacted", "won"], "declined", "is won: it can become nothing"),
    ("acquire", [], "replied", "is prospect: it can become contacted, not replied"),
])
def test_a_status_out_of_order_is_refused(tmp_path, kind, path, bad, message):
    log = OutreachLog(tmp_path)
    entry = log.add(kind, "me.com", "x.org")
    for status in path[:-1] if kind == "remove" else path:
        log.update(entry.id, status=status)
    with pytest.raises(OutreachError, match=message):
        log.update(entry.id, status=bad)


def test_bad_input(tmp_path):
    log = OutreachLog(tmp_path)
    with pytest.raises(OutreachError, match="unknown kind"):
        log.add("beg", "me.com", "x.org")
    with pytest.raises(OutreachError, match="no outreach entry 7"):
        log.update(7, status="contacted")
    (tmp_path / LOG_FILE).write_text("{not json")
    with pytest.raises(OutreachError, match="is not an outreach log"):
        log.entries()


def test_a_removal_mark_of_the_explorer_becomes_a_request(tmp_path):
    mark = Marks(tmp_path).set("me.com", "link", "http://spam.xyz/p", "remove", note="bought in 2019")
    entry = OutreachLog(tmp_path).add_from_mark(mark, contacts=["admin@spam.xyz"])
    assert (entry.kind, entry.site, entry.domain, entry.page, entry.status, entry.note) == \
        ("remove", "me.com", "spam.xyz", "http://spam.xyz/p", "requested", "bought in 2019")
    keep = Marks(tmp_path).set("me.com", "domain", "good.org", "keep")
    with pytest.raises(OutreachError):
        OutreachLog(tmp_path).add_from_mark(keep)


def test_messages_to_eml_and_csv(tmp_path):
    from datetime import UTC, datetime

    log = OutreachLog(tmp_path)
    log.add("remove", "me.com", "spam.xyz", page="http://spam.xyz/p", reason="link farm", contacts=["a@spam.xyz"])
    log.add("acquire", "me.com", "blog.org", contacts=[])
    rendered = [messages.render(e, "Ann <ann@me.com>", messages.template_text(e.kind)) for e in log.entries()]
    assert rendered[1] is None  # no e-mail contact
    (path,) = messages.write_eml([rendered[0]], tmp_path / "out", "Ann <ann@me.com>", datetime(2026, 12, 1, tzinfo=UTC))
    mail = email.message_from_bytes(path.read_bytes())
    assert (mail["To"], mail["From"], mail["X-Backlinks-Outreach-Id"]) == ("a@spam.xyz", "Ann <ann@me.com>", "1")
    assert mail["Subject"] == "Please remove a link to me.com"
    body = mail.get_payload()
    assert "http://spam.xyz/p links to me.com" in body and "link farm" in body and "$" not in body
    (row,) = csv.DictReader(io.StringIO(messages.csv_text([rendered[0]])))
    assert row["to"] == "a@spam.xyz" and row["body"] == rendered[0].body
    bad = tmp_path / "bad.txt"
    bad.write_text("Subject: hi $nobody\n\nbody\n")
    with pytest.raises(OutreachError, match="placeholder"):
        messages.render(log.get(1), "Ann", messages.template_text("remove", bad))


def test_disavow_comments_for_the_requests_that_stayed(tmp_path):
    log = OutreachLog(tmp_path)
    log.add("remove", "me.com", "a.xyz", at=T0)                                  # requested, waiting
    log.add("remove", "me.com", "b.xyz", page="http://www.b.xyz/p", at=T0)        # no reply, disavowed
    log.update(2, status="no_reply", at=T1)
    log.update(2, status="disavowed", at=T2)
    log.add("remove", "me.com", "c.xyz", at=T0)                                  # refused
    log.update(3, status="refused", at=T1)
    log.add("remove", "me.com", "d.xyz", at=T0)                                  # removed: no comment
    log.update(4, status="removed", at=T1)
    audit = DisavowFile()
    for d in ("a.xyz", "c.xyz", "d.xyz"):
        audit.add(Entry(domain_line(d), [f"# {d}: toxic"], ours=True))
    assert with_outreach(audit, log, "me.com").text().splitlines() == [
        "# a.xyz: toxic", "# removal requested on 2026-11-02, no reply yet", "domain:a.xyz",
        "# c.xyz: toxic", "# removal requested on 2026-11-02, refused on 2026-11-09", "domain:c.xyz",
        "# d.xyz: toxic", "domain:d.xyz",
        "# removal requested on 2026-11-02, no reply", "http://www.b.xyz/p",
    ]


def test_commands_say_what_is_wrong_in_one_line(tmp_path):
    from tests.support.crawl import backlinks

    OutreachLog(tmp_path).add("acquire", "me.com", "blog.org")
    for args, message in ((["update", "1", "--status", "won"], "it can become contacted, not won"),
                          (["update", "5", "--status", "contacted"], "no outreach entry 5"),
                          (["messages", "--site", "me.com", "--from", "a@me.com", "--template", "missing.txt"],
                           "cannot read template"),
                          (["add", "acquire", "x.org", "--site", "me.com"], "no crawl data")):
        proc = backlinks("outreach", *args, "--data", str(tmp_path))
        assert proc.returncode == 1 and proc.stderr.startswith("error: ") and message in proc.stderr, proc.stderr
        assert len(proc.stderr.strip().splitlines()) == 1
    listed = backlinks("outreach", "list", "--data", str(tmp_path), "--format", "jsonl", check=True)
    assert [json.loads(line)["domain"] for line in listed.stdout.splitlines()] == ["blog.org"]


def test_messages_command_writes_eml_files_and_csv(tmp_path):
    from tests.support.crawl import backlinks

    log = OutreachLog(tmp_path)
    log.add("remove", "me.com", "spam.xyz", page="http://spam.xyz/p", contacts=["a@spam.xyz"])
    log.add("acquire", "me.com", "blog.org", contacts=["ed@blog.org"])
    log.add("acquire", "me.com", "quiet.org")
    proc = backlinks("outreach", "messages", "--site", "me.com", "--from", "ann@me.com", "--eml",
                     str(tmp_path / "outbox"), "--data", str(tmp_path), check=True)
    assert sorted(p.name for p in (tmp_path / "outbox").iterdir()) == [
        "0001-a_at_spam.xyz.eml", "0002-ed_at_blog.org.eml"]
    assert "1 entries have no e-mail contact: 3" in proc.stderr
    printed = backlinks("outreach", "messages", "--site", "me.com", "--from", "ann@me.com", "--data", str(tmp_path),
                        check=True).stdout
    rows = list(csv.DictReader(io.StringIO(printed)))
    assert [(r["id"], r["to"]) for r in rows] == [("1", "a@spam.xyz"), ("2", "ed@blog.org")]


def test_outreach_on_a_missing_data_directory_is_one_error_and_makes_nothing(tmp_path):
    from tests.support.crawl import backlinks

    missing = tmp_path / "mistyped"
    for args in (["list"], ["add", "--site", "a.com", "remove", "b.com"]):
        proc = backlinks("outreach", *args, "--data", str(missing))
        assert proc.returncode == 1
        error = proc.stderr.strip()  # list opens the index first: its "no crawl data" line
        assert error in (f"error: no data directory {missing}: give the --data of your crawls",
                         f"error: no crawl data in {missing}: run `backlinks crawl --data {missing}` first")
    assert not missing.exists()
