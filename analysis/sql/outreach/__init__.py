"""The questions of `backlinks contacts`, `outreach` and `recheck` (analysis/outreach/)."""
