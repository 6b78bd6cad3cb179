-- The link value's aggregates (analysis/value/terms.py): TF-IDF over the index's own live
-- pages (title, meta description and main text), the top terms of each page and of each
-- registered domain (relevance); each page's links by region (placement). `backlinks build` stores them (build/value_terms.sql); while the graph is
-- fresh the stored tables are read (value/stored.sql), otherwise these views compute them.
-- Needs the temp table value_stopwords(term) (analysis/value/terms.py fills it). No parameters.

-- each live page's terms with their counts: lower-cased words of 3 to 30 letters (any script;
-- split on what is not a letter, which DuckDB does far faster than matching words), stop
-- words left out
CREATE OR REPLACE VIEW value_term_counts AS
WITH words AS (
    SELECT url, domain,
           unnest(string_split_regex(lower(concat_ws(' ', title, meta_description, text)), '\P{L}+')) AS term
    FROM live_pages
    WHERE status BETWEEN 200 AND 299
)
SELECT url, domain, term, count(*) AS n
FROM words
WHERE length(term) BETWEEN 3 AND 30 AND term NOT IN (SELECT term FROM value_stopwords)
GROUP BY url, domain, term;

-- the links of each live page by region (placement), keyed by src_key = hash(src_url): what
-- the placement's crowd factor reads (value_links.sql); stored ordered by page, a site's
-- linking pages are found without a scan of every link
CREATE OR REPLACE VIEW value_region_links AS
SELECT hash(src_url) AS src_key, src_url, placement, count(*) AS links
FROM live_links
GROUP BY src_url, placement;

-- the top 30 terms of each page: tf (the term's share of the page's terms) x idf
-- (ln(pages / pages holding the term)), a term on every page weighing nothing
CREATE OR REPLACE VIEW value_page_terms_top AS
WITH docs AS (
    SELECT count(DISTINCT url) AS pages FROM value_term_counts
),
df AS (
    SELECT term, count(*) AS pages FROM value_term_counts GROUP BY term
),
weighted AS (
    SELECT c.url, c.term,
           c.n / sum(c.n) OVER (PARTITION BY c.url) * ln(docs.pages / df.pages) AS weight
    FROM value_term_counts AS c
    JOIN df USING (term)
    CROSS JOIN docs
)
SELECT url, term, weight
FROM weighted
WHERE weight > 0
QUALIFY row_number() OVER (PARTITION BY url ORDER BY weight DESC, term) <= 30;

-- the top 50 terms of each registered domain, the same over domains: tf over all its pages'
-- terms, idf ln(domains / domains using the term)
CREATE OR REPLACE VIEW value_domain_terms_top AS
WITH per AS (
    SELECT domain, term, sum(n) AS n FROM value_term_counts GROUP BY domain, term
),
docs AS (
    SELECT count(DISTINCT domain) AS domains FROM per
),
df AS (
    SELECT term, count(*) AS domains FROM per GROUP BY term
),
weighted AS (
    SELECT p.domain, p.term,
           p.n / sum(p.n) OVER (PARTITION BY p.domain) * ln(docs.domains / df.domains) AS weight
    FROM per AS p
    JOIN df USING (term)
    CROSS JOIN docs
)
SELECT domain, term, weight
FROM weighted
WHERE weight > 0
QUALIFY row_number() OVER (PARTITION BY domain ORDER BY weight DESC, term) <= 50;
