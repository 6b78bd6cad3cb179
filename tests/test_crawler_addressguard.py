"""A crawl never connects to private, loopback or link-local addresses unless allowed
(../shared/HARDENING.md #13): IP literals in every spelling, and names that resolve to them."""

from __future__ import annotations

import json
import socket

import pytest

from tests.support.crawl import backlinks


@pytest.fixture
def listener():
    """A TCP listener on 127.0.0.2 that records whether anything connected."""
    sock = socket.socket()
    sock.bind(("127.0.0.2", 0))
    sock.listen(16)
    sock.setblocking(False)
    yield sock
    sock.close()


def accepted(sock) -> int:
    n = 0
    while True:
        try:
            conn, _ = sock.accept()
        except BlockingIOError:
            return n
        conn.close()
        n += 1


def test_private_targets_are_refused_without_a_connection(tmp_path, listener):
    port = listener.getsockname()[1]
    seeds = [f"http://127.0.0.2:{port}/", f"http://2130706434:{port}/latest/meta-data/",
             f"http://[::ffff:127.0.0.2]:{port}/", f"http://localhost:{port}/"]
    proc = backlinks("crawl", *seeds, "--data", str(tmp_path), "--crawl-id", "ssrf", "--quiet",
                     "-s", "DOWNLOAD_DELAY=0", timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert accepted(listener) == 0
    stats = json.loads((tmp_path / "crawls" / "ssrf.json").read_text())["stats"]
    assert stats["ssrf/blocked"] >= 4
    assert "Traceback" not in proc.stderr


def test_operator_can_allow_a_private_network(tmp_path, listener):
    port = listener.getsockname()[1]
    proc = backlinks("crawl", f"http://127.0.0.2:{port}/", "--data", str(tmp_path), "--quiet",
                     "-s", "BACKLINKS_ALLOWED_PRIVATE=127.0.0.0/8", "-s", "DOWNLOAD_TIMEOUT=2",
                     "-s", "RETRY_TIMES=0", timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert accepted(listener) >= 1
