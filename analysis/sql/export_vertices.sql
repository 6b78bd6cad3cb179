-- the vertices of the domain or host graph as Common Crawl's web graphs list them: id (0..n-1,
-- in the order of the reversed names), the reversed name (com.example.www), and for a domain
-- the number of its hosts (needs graph.duckdb)
-- params: $level ('domain' or 'host')
SELECT domain_id AS id, reverse_name(domain) AS name,
       (SELECT count(*) FROM hosts AS h WHERE h.domain_id = d.domain_id) AS hosts
FROM domains AS d
WHERE $level = 'domain'
UNION ALL
SELECT host_id, reverse_name(host), NULL
FROM hosts
WHERE $level = 'host'
ORDER BY id
