-- the registered domain the index files a name under, when it knows the name as a domain or
-- as a host (an exact domain match first); no row for a name it has never seen
-- params: $name (lower-case host or domain, IDN in punycode)
SELECT domain
FROM names
WHERE domain = $name OR host = $name
ORDER BY domain = $name DESC, domain
LIMIT 1
