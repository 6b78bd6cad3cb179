"""Signals of the backlinks crawl beyond Scrapy's own."""

#: A request ended without a page: robots.txt, budget or address guard refused it.
#: Arguments: request.
request_abandoned = object()

#: Part files holding these pages' rows are written (the store pipeline's flush).
#: Arguments: leases (list of (lease, scope) of the pages' requests, in distributed mode).
rows_durable = object()

#: The robots.txt of an origin is settled: the crawl obeys `body` from now on (for a 5xx or
#: an unreachable robots.txt, RFC 9309's disallow-all; for a 4xx, nothing). Arguments:
#: origin (scheme://host[:port]), status (0: unreachable), body (bytes), error (or None).
robots_answered = object()

#: A domain of the crawl has nothing pending any more: every request of it scheduled so far
#: has ended (crawler/domains.py). Sent again if it gets new requests and they end too.
#: Arguments: domain (the requests' scope), fetched (its requests that used the budget).
domain_done = object()
