"""The audit's index-wide aggregates (analysis/audit/aggregates.py): computed from the live
index (`aggregates.sql`), or read from graph.duckdb, where `backlinks build` stores them
(`stored.sql`, build/audit.sql)."""
