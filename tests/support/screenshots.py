"""The README's screenshots of the explorer: `backlinks serve` on a data directory (the
demo's), its main pages opened in Debian's chromium (Playwright, headless), one PNG each.

    python -m tests.support.screenshots demo-data crawler/explorer/screenshots

Nothing leaves 127.0.0.1 (any other request is aborted, as in the browser tests).
"""

from __future__ import annotations

import sys
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from playwright.sync_api import ViewportSize, sync_playwright

from analysis.index import Index
from crawler.localweb.generator import LocalWeb
from tests.support.explorer import running_explorer

CHROMIUM = "/usr/bin/chromium"
VIEWPORT: ViewportSize = {"width": 1280, "height": 900}


def pages(target: str) -> dict[str, str]:
    """Screenshot name -> path and query of the page."""
    return {"overview": f"/overview?{urlencode({'d': target})}",
            "backlinks": f"/links?{urlencode({'d': target, 'dofollow': 'on'})}",
            "refdomains": f"/refdomains?{urlencode({'d': target})}",
            "audit": f"/audit?{urlencode({'d': target})}"}


def shoot(data: Path, out: Path, target: str) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with running_explorer(data) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM)
        context = browser.new_context(viewport=VIEWPORT)
        context.route("**/*", lambda route: route.continue_() if urlsplit(route.request.url).hostname == "127.0.0.1"
                      else route.abort())
        page = context.new_page()
        for name, path in pages(target).items():
            page.goto(url.rstrip("/") + path, wait_until="load")
            written.append(out / f"{name}.png")
            page.screenshot(path=str(written[-1]))
        browser.close()
    return written


def main(argv: list[str]) -> None:
    """ARGV: DATA OUT [DOMAIN] (default: the demo's spam target, the audit's busiest page)."""
    data, out = Path(argv[0]), Path(argv[1])
    with Index(data) as index:
        target = index.domain(argv[2] if len(argv) > 2 else LocalWeb().spam.target.spec.host)
    for path in shoot(data, out, target):
        print(path, path.stat().st_size)


if __name__ == "__main__":
    main(sys.argv[1:])
