"""The questions of `backlinks opportunities` (analysis/opportunities/): who names a site
without linking to it, which lost links can be asked back, and the standing of prospects."""
