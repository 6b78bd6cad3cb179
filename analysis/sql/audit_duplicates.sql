-- audit: the pages linking to a domain whose text fingerprint (64-bit simhash) is within
-- $max_bits bits of a page on another domain, with how many such domains. Candidates share
-- one of $max_bits + 1 bands of the 64 bits (pigeonhole: two fingerprints that differ in at
-- most k bits agree on at least one of k + 1 bands), so every such pair is found
-- params: $domain, $max_bits
WITH src AS (
    SELECT DISTINCT p.url, p.domain, p.simhash
    FROM live_pages AS p
    WHERE p.simhash IS NOT NULL
      AND p.url IN (SELECT src_url FROM backlinks_to($domain, NULL))
),
bands AS (  -- band b: `width` bits from b * width (the last band takes the rest)
    SELECT b, b * (64 // ($max_bits + 1)) AS shift,
           CASE WHEN b = $max_bits THEN 64 - $max_bits * (64 // ($max_bits + 1))
                ELSE 64 // ($max_bits + 1) END AS width
    FROM range(0, $max_bits + 1) AS t(b)
),
every_band AS (
    SELECT p.domain, p.simhash, b, (p.simhash >> shift) & ((1::HUGEINT << width) - 1) AS band
    FROM live_pages AS p CROSS JOIN bands
    WHERE p.simhash IS NOT NULL
),
src_band AS (
    SELECT s.url, s.domain, s.simhash, b, (s.simhash >> shift) & ((1::HUGEINT << width) - 1) AS band
    FROM src AS s CROSS JOIN bands
)
SELECT s.url, count(DISTINCT a.domain) AS other_domains,
       list_sort(list(DISTINCT a.domain))[1:5] AS examples
FROM src_band AS s
JOIN every_band AS a ON a.b = s.b AND a.band = s.band AND a.domain <> s.domain
WHERE bit_count(xor(s.simhash, a.simhash)) <= $max_bits
GROUP BY s.url
ORDER BY s.url
