"""The statements of `backlinks build` (analysis/graph/build.py), one file per step."""
