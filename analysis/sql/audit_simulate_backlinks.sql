-- audit, disavow --simulate: a domain's live dofollow backlinks: the linking page, its host
-- and the graph id of its registered domain (what a disavow file can name)
-- params: $domain
SELECT b.src_url, b.src_host, b.src_domain, d.domain_id AS src_id
FROM backlinks_to($domain, NULL) AS b
JOIN domains AS d ON d.domain = b.src_domain
WHERE b.dofollow
ORDER BY b.src_url
