"""The disavow file against Google's rules, line by line (tests/support/disavow_rules.py):
reading, merging without losing entries or comments, sorting, limits; from an audit; and the
`disavow` command with --merge and --simulate on the hand-made web."""

from __future__ import annotations

import pytest

from analysis.audit.disavow import (
    BadDisavowFile,
    DisavowFile,
    DisavowTooLarge,
    Entry,
    domain_line,
    from_audit,
)
from analysis.audit.score import DomainScore, LinkScore, Raised
from tests.support import disavow_rules
from tests.support.auditweb import NETWORK, SPIKE, STRONG, plant
from tests.support.crawl import backlinks

EXISTING = """\ufeff# my disavow file, kept since 2023

# a spammer the audit will find again
Domain:PBN-A.com
http://old-spam.example.net/page?id=1
# asked to remove, no answer
https://forum.example.org/thread/9

domain:zzz-spam.net
domain:zzz-spam.net
# end of file
"""


def test_reading_keeps_entries_and_the_comments_before_them():
    f = DisavowFile.parse(EXISTING)
    assert sorted(e.value for e in f.entries.values()) == [
        "domain:pbn-a.com", "domain:zzz-spam.net", "http://old-spam.example.net/page?id=1",
        "https://forum.example.org/thread/9"]
    assert f.entries[(0, "domain:pbn-a.com")].comments == [
        "# my disavow file, kept since 2023", "# a spammer the audit will find again"]
    assert f.entries[(1, "https://forum.example.org/thread/9")].comments == ["# asked to remove, no answer"]
    assert f.trailing == ["# end of file"]
    assert disavow_rules.problems(f.text().encode()) == []


@pytest.mark.parametrize(("line", "why"), [
    ("domain:http://x.com", "not a domain"),
    ("domain:x.com/path", "not a domain"),
    ("ftp://x.com/a", "not a URL"),
    ("x.com/page", "not a URL"),
    ("http://x.com/" + "a" * 2100, "longer than 2048"),
])
def test_lines_google_would_refuse_are_errors_naming_the_line(line, why):
    with pytest.raises(BadDisavowFile, match=f"line 2: .*{why}"):
        DisavowFile.parse(f"# ok\n{line}\n")


def _audit(domains):
    class Result:
        pass
    r = Result()
    r.domains = domains
    return r


def _domain(name, scores):
    links = [LinkScore(i, f"http://{name}/p{i}", "https://t.com/", "a", "other", "content", "dofollow",
                       s, "toxic" if s >= 60 else "fine",
                       [Raised("low_authority", 15, "rank 0")] if s >= 60 else []) for i, s in enumerate(scores)]
    return DomainScore(name, max(scores), "toxic" if max(scores) >= 60 else "fine", 1.0, 0.0,
                       len(scores), len(scores), list(links[0].signals) if max(scores) >= 60 else [], links)


def test_from_an_audit_domains_go_whole_or_page_by_page():
    result = _audit([_domain("spam.xyz", [100, 80]), _domain("big-forum.com", [70, 10, 5, 0]),
                     _domain("fine.org", [10])])
    f = from_audit(result, 60)
    text = f.text()
    assert disavow_rules.problems(text.encode()) == []
    got = disavow_rules.blocks(text)
    assert list(got) == ["domain:spam.xyz", "http://big-forum.com/p0"]
    assert "toxic, score 100" in got["domain:spam.xyz"][0] and "low_authority" in got["domain:spam.xyz"][0]


def test_merge_keeps_every_entry_and_comment_sorted_and_deduplicated():
    existing = DisavowFile.parse(EXISTING)
    before = disavow_rules.blocks(existing.text())
    ours = from_audit(_audit([_domain("pbn-a.com", [90]), _domain("new-spam.top", [95]),
                              _domain("zzz-spam.net", [99]), _domain("forum.example.org", [70, 0, 0])]), 60)
    merged = existing.merge(ours).text()
    assert disavow_rules.problems(merged.encode()) == []
    after = disavow_rules.blocks(merged)
    for entry, comments in before.items():  # nothing lost, comments still right above
        assert entry in after and after[entry][:len(comments)] == comments
    assert "domain:new-spam.top" in after
    assert sum(line == "domain:zzz-spam.net" for line in merged.splitlines()) == 1
    assert merged.rstrip("\n").endswith("# end of file")


def test_our_url_lines_covered_by_a_domain_line_are_left_out():
    f = DisavowFile.parse("domain:forum.example.org\n")
    f.merge(from_audit(_audit([_domain("forum.example.org", [70, 0, 0])]), 60))
    assert f.urls == []
    user = DisavowFile.parse("domain:example.org\nhttps://www.example.org/a\n")
    assert user.urls == ["https://www.example.org/a"]  # the user's own stay as written


def test_limits_our_comments_go_first_then_an_error():
    f = DisavowFile()
    for i in range(60_000):  # 120,000 lines with comments, 60,000 without
        f.add(Entry(domain_line(f"spam{i:05d}.xyz"), [f"# reason {i}"], ours=True))
    text = f.text()
    assert disavow_rules.problems(text.encode()) == []
    assert len(text.splitlines()) == 60_000 and not text.startswith("#")
    for i in range(60_000, 100_001):
        f.add(Entry(domain_line(f"spam{i:06d}.xyz"), ours=True))
    with pytest.raises(DisavowTooLarge, match="100,000 lines"):
        f.text()
    big = DisavowFile()
    for i in range(1100):  # 1,100 URLs of 2,000 characters: over 2 MB
        big.add(Entry(f"https://x{i}.com/" + "a" * 1980, ours=True))
    with pytest.raises(DisavowTooLarge, match="bytes"):
        big.text()


def test_idn_domains_are_written_in_punycode_utf8_is_kept():
    f = DisavowFile.parse("domain:bücher-café.de\nhttps://例え.jp/パス\n")
    text = f.text()
    assert "domain:xn--bcher-caf-j4a4r.de" in text and "https://例え.jp/パス" in text
    assert disavow_rules.problems(text.encode("utf-8")) == []


@pytest.fixture(scope="module")
def web(tmp_path_factory):
    root = tmp_path_factory.mktemp("disavow-web")
    plant(root)
    return root


def test_the_disavow_command_merges_writes_and_simulates(web, tmp_path):
    existing = tmp_path / "existing.txt"
    existing.write_text(EXISTING, encoding="utf-8")
    out = tmp_path / "disavow.txt"
    proc = backlinks("disavow", "target.com", "--data", str(web), "--merge", str(existing),
                     "-o", str(out), "--simulate", "--keywords", "cheap garden tools", check=True)
    raw = out.read_bytes()
    assert disavow_rules.problems(raw) == []
    got = disavow_rules.blocks(raw.decode())
    for d in NETWORK + SPIKE + ["farm-links.info", "footer-deals.com", "casino-bonus.xyz"]:
        assert f"domain:{d}" in got, d
    assert not any(f"domain:{d}" in got for d in STRONG)
    for entry, comments in disavow_rules.blocks(DisavowFile.parse(EXISTING).text()).items():
        assert got[entry][:len(comments)] == comments
    # before and after: the rank falls without the disavowed links, the strong sites' trust stays
    assert "domain_rank" in proc.stdout and "before" in proc.stdout and "after" in proc.stdout
    rows = {cells[0]: [c.replace(",", "") for c in cells[1:4]]
            for cells in map(str.split, proc.stdout.splitlines()) if len(cells) == 4}
    before, after, change = rows["domain_rank"]
    assert float(after) < float(before) and float(change) < 0
    # left: the editorial sites, and the noindex page and the redirects (not toxic on their own)
    assert float(rows["dofollow_referring_domains"][1]) == len(STRONG) + 2
    assert not {"domain:hidden.org", "domain:hop.net"} & set(got)


def test_min_score_lowers_the_bar_and_stdout_gets_the_file(web):
    strict = backlinks("disavow", "target.com", "--data", str(web), check=True).stdout
    loose = backlinks("disavow", "target.com", "--data", str(web), "--min-score", "30", check=True).stdout
    assert disavow_rules.problems(strict.encode()) == [] and disavow_rules.problems(loose.encode()) == []
    assert set(disavow_rules.blocks(strict)) <= set(disavow_rules.blocks(loose))


def test_a_bad_merge_file_is_one_line(web, tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_text("domain:ok.com\nnot a line\n", encoding="utf-8")
    proc = backlinks("disavow", "target.com", "--data", str(web), "--merge", str(bad))
    assert proc.returncode == 1
    assert proc.stderr.strip().splitlines() == [f"error: {bad}, line 2: not a URL nor a domain: line: 'not a line'"]
