-- the region signals of every crawled domain but the site: its public suffix, the phone numbers
-- its pages carry (pages.contacts' tel:+..., and international numbers written in the text of
-- its contact pages: those whose URL matches $contact_pages), its pages' most common language,
-- and whether it links to the site now (the live index)
-- params: $domain, $contact_pages (an RE2 pattern of contact page URLs)
WITH crawled AS (
    SELECT domain, mode(lower(split_part(lang, '-', 1))) AS lang, count(*) AS pages
    FROM live_pages
    WHERE domain <> $domain AND status BETWEEN 200 AND 299
    GROUP BY domain
),
numbers AS (
    SELECT domain, unnest(contacts) AS phone
    FROM live_pages WHERE domain <> $domain
    UNION ALL
    SELECT domain, 'tel:' || regexp_replace(unnest(regexp_extract_all(
               text, '\+\d{1,3}(?:[\s./-]?\(0\))?(?:[\s./-]?\d){6,14}')), '\(0\)|[^\d+]', '', 'g')
    FROM live_pages
    WHERE domain <> $domain AND text IS NOT NULL AND regexp_matches(url, $contact_pages)
),
phones AS (
    SELECT domain, list(DISTINCT phone ORDER BY phone) AS phones
    FROM numbers
    WHERE phone LIKE 'tel:+%'
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
