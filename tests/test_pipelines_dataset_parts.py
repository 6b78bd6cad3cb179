"""Part files are atomic: a reader never sees half a file, a crash leaves only a dot-file
that startup cleanup removes (../shared/HARDENING.md #22)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from datetime import UTC, datetime

import duckdb
import pyarrow.parquet as pq

from pipelines.dataset import schema
from pipelines.dataset.parts import PartWriter, remove_stale_temp

WRITER = textwrap.dedent("""
    import sys, itertools
    from datetime import datetime, timezone
    from pipelines.dataset import schema
    from pipelines.dataset.parts import PartWriter
    w = PartWriter(sys.argv[1], schema.LINKS, "w9", rows_per_file=5000)
    print("ready", flush=True)
    for i in itertools.count():
        w.add({"crawl_id": "c", "fetched_at": datetime.now(timezone.utc), "source": "crawl",
               "src_url": f"http://a.com/{i}", "dst_url": "http://b.com/", "position": i,
               "anchor_text": "x" * 50})
""")


def row(i):
    return {"crawl_id": "c", "fetched_at": datetime(2026, 1, 1, tzinfo=UTC),
            "source": "crawl", "src_url": f"http://a.com/{i}", "dst_url": "http://b.com/",
            "position": i}


def test_rows_roll_into_parts_and_flush_on_close(tmp_path):
    written = []
    w = PartWriter(tmp_path, schema.LINKS, "w0", rows_per_file=3,
                   on_written=lambda path, n: written.append(n))
    for i in range(7):
        w.add(row(i))
    w.close()
    assert written == [3, 3, 1]
    files = sorted(tmp_path.glob("part-*.parquet"))
    assert len(files) == 3
    table = pq.read_table(files[0])
    assert table.schema.metadata[schema.SCHEMA_VERSION_KEY] == schema.SCHEMA_VERSION.encode()
    assert [f.name for f in tmp_path.iterdir() if f.name.startswith(".")] == []


def test_kill_9_mid_write_leaves_only_complete_parts(tmp_path):
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(tmp_path)], stdout=subprocess.PIPE,
                            cwd=os.getcwd(), text=True)
    assert proc.stdout.readline().strip() == "ready"
    con = duckdb.connect()
    # read the dataset while it is being written, until a few parts exist
    while len(list(tmp_path.glob("part-*.parquet"))) < 4:
        if list(tmp_path.glob("part-*.parquet")):
            count = con.execute(f"SELECT count(*) FROM read_parquet('{tmp_path}/part-*.parquet')").fetchone()[0]
            assert count % 5000 == 0
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    proc.stdout.close()
    parts = list(tmp_path.glob("part-*.parquet"))
    total = con.execute(f"SELECT count(*) FROM read_parquet('{tmp_path}/**/*.parquet')").fetchone()[0]
    assert total == 5000 * len(parts)
    for path in parts:
        assert pq.read_metadata(path).num_rows == 5000
    remove_stale_temp(tmp_path, "w9")
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
