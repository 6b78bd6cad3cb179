-- the index's registered domains starting with what the user has typed so far (the explorer's
-- search box completes with them): those of a host starting with it too (`www.ex` finds
-- example.com), shortest first, then in name order
-- params: $prefix (lower-case), $limit
SELECT domain
FROM names
WHERE starts_with(domain, $prefix) OR starts_with(host, $prefix)
GROUP BY domain
ORDER BY length(domain), domain
LIMIT $limit
