-- build step: integer ids for registered domains and hosts, in the order of their reversed
-- names (com.example.www), as Common Crawl numbers its graph's vertices. No parameters.
CREATE TEMP TABLE host_names AS
SELECT host, min(domain) AS domain
FROM (
    SELECT src_host AS host, src_domain AS domain FROM out.links
    UNION ALL SELECT dst_host, dst_domain FROM out.links
    UNION ALL SELECT host, domain FROM out.pages
)
WHERE host IS NOT NULL AND host <> '' AND domain IS NOT NULL AND domain <> ''
GROUP BY host;

CREATE TABLE out.domains AS
SELECT (row_number() OVER (ORDER BY reverse_name(domain)) - 1)::INTEGER AS domain_id, domain
FROM (SELECT DISTINCT domain FROM host_names);

CREATE TABLE out.hosts AS
SELECT (row_number() OVER (ORDER BY reverse_name(h.host)) - 1)::INTEGER AS host_id,
       h.host, d.domain_id, h.domain
FROM host_names AS h
JOIN out.domains AS d USING (domain);
