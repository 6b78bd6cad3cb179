-- The audit's index-wide aggregates (audit/aggregates.sql) as `backlinks build` stored them in
-- graph.duckdb (build/audit.sql): what an audit reads while the graph is fresh. No parameters.
CREATE OR REPLACE VIEW audit_domain_facts AS SELECT * FROM graph.audit_domain_facts;
CREATE OR REPLACE VIEW audit_referrers AS SELECT * FROM graph.audit_referrers;
CREATE OR REPLACE VIEW audit_interlinks AS SELECT * FROM graph.audit_interlinks;
CREATE OR REPLACE VIEW audit_shared_keys AS SELECT * FROM graph.audit_shared_keys;
CREATE OR REPLACE VIEW audit_key_groups AS SELECT * FROM graph.audit_key_groups;
CREATE OR REPLACE VIEW audit_anchor_shares AS SELECT * FROM graph.audit_anchor_shares;
CREATE OR REPLACE VIEW audit_link_texts AS SELECT * FROM graph.audit_link_texts;
