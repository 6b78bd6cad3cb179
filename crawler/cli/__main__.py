"""`python -m crawler.cli` runs the `backlinks` command."""

from crawler.cli import main

main()
