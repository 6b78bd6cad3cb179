"""Signals of the backlinks crawl beyond Scrapy's own."""

#: A request ended without a page: robots.txt, budget or address guard refused it.
#: Arguments: request.
request_abandoned = object()

#: Part files holding these pages' rows are written (the store pipeline's flush).
#: Arguments: leases (list of (lease, scope) of the pages' requests, in distributed mode).
rows_durable = object()

#: A domain of the crawl has nothing pending any more: every request of it scheduled so far
#: has ended (crawler/domains.py). Sent again if it gets new requests and they end too.
#: Arguments: domain (the requests' scope), fetched (its requests that used the budget).
domain_done = object()
