"""Signals of the backlinks crawl beyond Scrapy's own."""

#: A request ended without a page: robots.txt, budget or address guard refused it.
#: Arguments: request.
request_abandoned = object()
