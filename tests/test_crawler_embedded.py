"""Distributed mode stays inside its add-on: a crawl without REDIS_URL never imports redis
(nor scrapy-redis), so embedded mode does not even need them installed."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.support.crawl import FAST_LOCAL
from tests.support.localweb import running_localweb

RUN_AND_LIST_MODULES = """
import json, sys
from crawler.cli import main
sys.argv = ["backlinks", *sys.argv[2:]]
try:
    main()
finally:
    loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("redis", "scrapy_redis"))
    with open(OUT, "w") as f:
        json.dump(loaded, f)
"""


def test_an_embedded_crawl_never_imports_redis(tmp_path):
    out = tmp_path / "modules.json"
    script = RUN_AND_LIST_MODULES.replace("OUT", repr(str(out)))
    with running_localweb(tmp_path, hosts=15) as web:
        proc = subprocess.run(
            [sys.executable, "-c", script, "-", "crawl", "http://www.bright-tech.io/", "--data",
             str(tmp_path / "data"), "--proxy", web.proxy_url, "--quiet", "--max-pages-per-domain", "5",
             *FAST_LOCAL], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert list((tmp_path / "data" / "pages").rglob("*.parquet"))  # it did crawl
    assert json.loads(out.read_text()) == []
