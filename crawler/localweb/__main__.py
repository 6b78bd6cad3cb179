"""``python -m crawler.localweb``: serve the local web (see ``server.main``)."""

from crawler.localweb.server import main

main()
