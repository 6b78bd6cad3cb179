"""The views and macros `analysis.db.connect` creates (no questions here)."""
