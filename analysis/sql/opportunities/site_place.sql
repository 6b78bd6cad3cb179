-- where a site says it is: its public suffix and the phone numbers its own pages carry
-- params: $domain
SELECT suffix_of($domain) AS suffix,
       coalesce((SELECT list(DISTINCT contact ORDER BY contact)
                 FROM (SELECT unnest(contacts) AS contact FROM live_pages WHERE domain = $domain)
                 WHERE contact LIKE 'tel:+%'), []::VARCHAR[]) AS phones
