-- audit: the pages linking to a domain whose text fingerprint (64-bit simhash) is within
-- $max_bits bits of a page on another domain, with how many such domains. Candidates share
-- one of four 16-bit bands, so every pair within 3 bits is found ($max_bits above 3 finds
-- only some of the farther ones)
-- params: $domain, $max_bits
WITH src AS (
    SELECT DISTINCT p.url, p.domain, p.simhash
    FROM live_pages AS p
    WHERE p.simhash IS NOT NULL
      AND p.url IN (SELECT src_url FROM backlinks_to($domain, NULL))
),
bands AS (
    SELECT * FROM (VALUES (0), (1), (2), (3)) AS t(b)
),
every_band AS (
    SELECT p.domain, p.simhash, b, (p.simhash >> (16 * b)) & 65535 AS band
    FROM live_pages AS p CROSS JOIN bands
    WHERE p.simhash IS NOT NULL
),
src_band AS (
    SELECT s.url, s.domain, s.simhash, b, (s.simhash >> (16 * b)) & 65535 AS band
    FROM src AS s CROSS JOIN bands
)
SELECT s.url, count(DISTINCT a.domain) AS other_domains,
       list_sort(list(DISTINCT a.domain))[1:5] AS examples
FROM src_band AS s
JOIN every_band AS a ON a.b = s.b AND a.band = s.band AND a.domain <> s.domain
WHERE bit_count(xor(s.simhash, a.simhash)) <= $max_bits
GROUP BY s.url
ORDER BY s.url
