"""The audit marks store (analysis/audit/marks.py): what the user decided survives a reload,
the disavow file written beside it follows Google's format, and bad input is one clear error."""

from __future__ import annotations

import json

import pytest

from analysis.audit.disavow import DisavowFile
from analysis.audit.marks import BadMark, BadMarksFile, Marks


def test_marks_survive_a_reload_and_replace_each_other(tmp_path):
    marks = Marks(tmp_path)
    marks.set("shop.com", "domain", "Spam.Example", "disavow", note="a link farm")
    marks.set("shop.com", "link", "https://blog.example/post", "remove")
    marks.set("shop.com", "domain", "spam.example", "keep")  # the same domain, decided again
    marks.set("other.com", "domain", "spam.example", "disavow")
    again = Marks(tmp_path)
    assert [(m.scope, m.value, m.action) for m in again.of("shop.com")] == \
        [("domain", "spam.example", "keep"), ("link", "https://blog.example/post", "remove")]
    assert [m.value for m in again.removal_requests("shop.com")] == ["https://blog.example/post"]
    again.clear("shop.com", "link", "https://blog.example/post")
    assert [m.value for m in Marks(tmp_path).of("shop.com")] == ["spam.example"]


def test_the_disavow_file_holds_the_disavow_marks_in_googles_format(tmp_path):
    marks = Marks(tmp_path)
    marks.set("shop.com", "link", "https://blog.example/post", "disavow")
    marks.set("shop.com", "domain", "spam.example", "disavow", note="a link farm")
    marks.set("shop.com", "domain", "friend.example", "keep")
    written = (tmp_path / "disavow" / "shop.com.txt").read_text(encoding="utf-8")
    assert written == marks.disavow_file("shop.com").text()
    parsed = DisavowFile.parse(written)  # Google's rules, as the disavow command reads a file
    assert parsed.domains == ["spam.example"] and parsed.urls == ["https://blog.example/post"]
    lines = written.splitlines()
    assert lines[1] == "domain:spam.example" and lines[0].startswith("# marked disavow ") and "a link farm" in lines[0]


@pytest.mark.parametrize(("scope", "value", "action", "message"), [
    ("domain", "spam.example", "burn", "unknown action 'burn'"),
    ("page", "spam.example", "keep", "unknown scope 'page'"),
    ("domain", "http://spam.example/x", "keep", "not a domain"),
    ("link", "javascript:alert(1)", "disavow", "not a URL"),
])
def test_a_bad_mark_is_refused_and_nothing_is_written(tmp_path, scope, value, action, message):
    with pytest.raises(BadMark, match=message):
        Marks(tmp_path).set("shop.com", scope, value, action)
    assert list(tmp_path.iterdir()) == []


def test_a_file_that_is_not_a_marks_file_is_one_error(tmp_path):
    (tmp_path / "audit-marks.json").write_text(json.dumps({"something": "else"}))
    with pytest.raises(BadMarksFile, match="is not a marks file"):
        Marks(tmp_path)
