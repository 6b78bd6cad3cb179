-- the robots.txt rules the crawls last obeyed for each origin (the `robots` dataset):
-- status (0: unreachable), the rules' body and the user agent token they were matched for
-- params: $files (a glob of the robots part files)
SELECT origin,
       arg_max(status, fetched_at) AS status,
       arg_max(body, fetched_at) AS body,
       arg_max(user_agent, fetched_at) AS user_agent
FROM read_parquet($files)
GROUP BY origin
