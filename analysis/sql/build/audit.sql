-- build step: the audit's index-wide aggregates (audit/aggregates.sql) as tables of the graph,
-- computed from the pages and links just stored rather than from the Parquet; an audit reads
-- them while the graph is fresh (audit/stored.sql). The typical site's anchor figures are
-- stored by analysis/audit/aggregates.py itself (they are classed in Python). No parameters.
CREATE OR REPLACE VIEW pages_with_live AS SELECT * FROM out.pages;
CREATE OR REPLACE VIEW links_with_live AS SELECT * FROM out.links;

-- the pairs of linked domains, counted by three of the tables: once
CREATE TEMP TABLE audit_domain_pairs_once AS SELECT * FROM audit_domain_pairs;
CREATE OR REPLACE VIEW audit_domain_pairs AS SELECT * FROM audit_domain_pairs_once;

CREATE TABLE out.audit_domain_facts AS SELECT * FROM audit_domain_facts ORDER BY domain;
CREATE OR REPLACE VIEW audit_domain_facts AS SELECT * FROM out.audit_domain_facts;
CREATE TABLE out.audit_referrers AS SELECT * FROM audit_referrers ORDER BY rarity, dst_id, in_rank;
CREATE TABLE out.audit_interlinks AS SELECT * FROM audit_interlinks ORDER BY domain;
CREATE TABLE out.audit_shared_keys AS SELECT * FROM audit_shared_keys ORDER BY domain, kind, key;
CREATE TABLE out.audit_key_groups AS SELECT * FROM audit_key_groups ORDER BY kind, key;
-- a page's texts sit together by src_key; audit_links.sql filters on src_key and src_url and
-- orders by position itself, so sorting on the one integer is enough (and cheaper)
CREATE TABLE out.audit_link_texts AS SELECT * FROM audit_link_texts ORDER BY src_key;

-- filled by analysis/audit/aggregates.py: each of the most linked domains' money share and
-- top money anchor share (analysis/audit/anchors.py: baseline_shares)
CREATE TABLE out.audit_anchor_shares (domain VARCHAR, referring_domains BIGINT, money_share DOUBLE,
                                      top_money_share DOUBLE);
