-- the region signals of every crawled domain but the site: its public suffix, the phone numbers
-- its pages carry (pages.contacts' tel:+...), its pages' most common language, and whether it
-- links to the site now (the live index)
-- params: $domain
WITH crawled AS (
    SELECT domain, mode(lower(split_part(lang, '-', 1))) AS lang, count(*) AS pages
    FROM live_pages
    WHERE domain <> $domain AND status BETWEEN 200 AND 299
    GROUP BY domain
),
phones AS (
    SELECT domain, list(DISTINCT contact ORDER BY contact) AS phones
    FROM (SELECT domain, unnest(contacts) AS contact FROM live_pages WHERE domain <> $domain)
    WHERE contact LIKE 'tel:+%'
    GROUP BY domain
),
linking AS (
    SELECT DISTINCT src_domain FROM backlinks_to($domain, NULL)
)
SELECT c.domain, suffix_of(c.domain) AS suffix, coalesce(p.phones, []::VARCHAR[]) AS phones, c.lang, c.pages,
       c.domain IN (SELECT src_domain FROM linking) AS links_to_site
FROM crawled AS c
LEFT JOIN phones AS p USING (domain)
ORDER BY c.domain
