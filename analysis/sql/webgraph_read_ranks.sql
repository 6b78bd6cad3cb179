-- import-webgraph: a ranks file in Common Crawl's text format into the table `ranks`:
-- harmonicc_pos, harmonicc_val, pr_pos, pr_val, reversed name[, n_hosts], tab-separated, no
-- quoting; its `#harmonicc_pos ...` header line skipped; `---` (a value the join of the two
-- ranks did not find) read as NULL
-- params: $files (the ranks files)
INSERT INTO ranks
SELECT name,
       nullif(harmonicc_pos, '---')::BIGINT,
       nullif(harmonicc_val, '---')::DOUBLE,
       nullif(pr_pos, '---')::BIGINT,
       nullif(pr_val, '---')::DOUBLE,
       nullif(n_hosts, '---')::BIGINT
FROM read_csv($files, delim = '\t', header = false, quote = '', escape = '', comment = '#',
              auto_detect = false, null_padding = true,
              columns = {'harmonicc_pos': 'VARCHAR', 'harmonicc_val': 'VARCHAR', 'pr_pos': 'VARCHAR',
                         'pr_val': 'VARCHAR', 'name': 'VARCHAR', 'n_hosts': 'VARCHAR'});
