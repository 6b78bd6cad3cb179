"""--verify-digests: WARC-Block-Digest and WARC-Payload-Digest checked over the bytes read,
in any base writers use; a mismatch is counted and logged, the page kept."""

from __future__ import annotations

import pytest

from pipelines.ingest import ingest
from pipelines.ingest.digests import matches
from tests.support.warcs import corpus_pages, need_corpus, record_bytes, responses, table

READERS = ["fastwarc", "warcio"]


def test_a_digest_is_read_in_any_base():
    digest = bytes.fromhex("da39a3ee5e6b4b0d3255bfef95601890afd80709")  # sha1 of nothing
    for value in ("3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ", "3i42h3s6nnfq2msvx7xzkyaysCX5QBYJ",
                  "da39a3ee5e6b4b0d3255bfef95601890afd80709", "2jmj7l5rSw0yVb/vlWAYkK/YBwk=",
                  "2jmj7l5rSw0yVb_vlWAYkK_YBwk", "2jmj7l5rSw0yVb/vlWAYkK/YBwk"):
        assert matches(value, digest), value
    assert not matches("1112H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ", digest)


@pytest.mark.parametrize("reader", READERS)
def test_warcios_digest_examples(tmp_path, reader):
    """example-digest.warc: four requests with sha1 digests in base32, base64 and
    URL-safe base64; the first has a wrong payload digest (what `warcio check` reports)."""
    path = need_corpus("warc", "warcio", "example-digest.warc")
    summary = ingest([str(path)], tmp_path / "data", "d", processes=1, verify_digests=True, reader=reader)
    assert summary.group("digests") == {"block_checked": 4, "payload_checked": 4, "payload_mismatch": 1}


@pytest.mark.parametrize("reader", READERS)
def test_a_sound_file_passes(tmp_path, reader):
    path = need_corpus("warc", "warcio", "example.warc.gz")
    summary = ingest([str(path)], tmp_path / "data", "d", processes=1, verify_digests=True, reader=reader)
    # a revisit's payload digest names its original's payload: not checked against its own
    assert summary.group("digests") == {"block_checked": 4, "payload_checked": 3}


@pytest.mark.parametrize("reader", READERS)
def test_a_flipped_byte_is_a_mismatch_and_the_page_is_kept(tmp_path, reader):
    pages = corpus_pages(3, sets=("article-extraction-benchmark",))
    chunks = [record_bytes(rec, gz=False) for rec in responses(pages)]
    bad = bytearray(chunks[1])
    bad[-200] ^= 0x01  # in the payload, lengths unchanged
    (tmp_path / "flipped.warc").write_bytes(b"".join([chunks[0], bytes(bad), chunks[2]]))
    summary = ingest([str(tmp_path / "flipped.warc")], tmp_path / "data", "d", processes=1,
                     verify_digests=True, reader=reader)
    assert summary.group("digests") == {"block_checked": 3, "block_mismatch": 1,
                                        "payload_checked": 3, "payload_mismatch": 1}
    assert summary.errors == {} and len(table(tmp_path / "data", "pages", "d")) == 3


def test_without_the_option_nothing_is_checked(tmp_path):
    path = need_corpus("warc", "warcio", "example-digest.warc")
    assert ingest([str(path)], tmp_path / "data", "d", processes=1).group("digests") == {}
