-- build step: the tables that describe the build: `meta` (key, value) and `inputs`, the part
-- files it read (`connect` compares them with the disk to know whether the graph is current).
-- No parameters.
CREATE TABLE out.meta (key VARCHAR, value VARCHAR);
CREATE TABLE out.inputs (path VARCHAR, size BIGINT, mtime_ns BIGINT);
