"""pipelines/spark/ingest.py: the corpus WARCs ingested on Spark (local mode) give the rows
the single-machine ingest gives; a second run skips every file; a retried attempt writes the
same part names (no duplicate rows)."""

from __future__ import annotations

from pipelines.ingest import ingest
from pipelines.spark import ingest as spark_ingest
from tests.support.warcs import WARC_CORPUS, need_corpus, table, without


def test_corpus_rows_equal_the_single_machine_ingest(spark, tmp_path):
    need_corpus("warc")
    on_spark = spark_ingest.ingest([str(WARC_CORPUS)], tmp_path / "spark", "c1")
    local = ingest([str(WARC_CORPUS)], tmp_path / "local", "c1", processes=1)
    assert on_spark.files == local.files == 31
    assert on_spark.files_ingested == local.files_ingested
    assert (on_spark.pages, on_spark.links, on_spark.errors) == (local.pages, local.links, local.errors)
    for name in ("pages", "links"):
        spark_rows, local_rows = table(tmp_path / "spark", name, "c1"), table(tmp_path / "local", name, "c1")
        assert spark_rows, name
        assert without(spark_rows) == without(local_rows)
    again = spark_ingest.ingest([str(WARC_CORPUS)], tmp_path / "spark", "c1")
    assert (again.files_skipped, again.files_ingested, again.pages) == (31, 0, 0)
    assert without(table(tmp_path / "spark", "links", "c1")) == without(table(tmp_path / "local", "links", "c1"))


def test_a_retried_task_rewrites_the_same_parts(spark, tmp_path):
    """Two attempts of one task (run_task twice, as Spark retries it) leave one set of rows."""
    need_corpus("warc")
    source = WARC_CORPUS / "heritrix" / "aut-example.warc.gz"
    captured = []
    runner = spark_ingest.SparkTasks(spark.sparkContext)

    def twice(tasks, handle):
        captured.extend(tasks)
        for task in tasks:
            spark_ingest.run_task(task)  # the first attempt: its rows, then lost
        runner(tasks, handle)

    from pipelines.ingest import run as ingest_run

    summary = ingest_run.ingest([str(source)], tmp_path, "c1", processes=1, execute=twice)
    reference = ingest([str(source)], tmp_path / "ref", "c1", processes=1)
    assert captured and summary.pages == reference.pages == 141
    assert without(table(tmp_path, "pages", "c1")) == without(table(tmp_path / "ref", "pages", "c1"))
    assert without(table(tmp_path, "links", "c1")) == without(table(tmp_path / "ref", "links", "c1"))


def test_a_listing_names_the_inputs_one_a_line(tmp_path):
    """cc-pyspark's input: a (gzip'd) file of paths, `#` comments and blank lines left out."""
    import gzip

    from pipelines.ingest.sources import expand

    need_corpus("warc")
    files = [WARC_CORPUS / "warcio" / "example.warc.gz", WARC_CORPUS / "pywb" / "dupes.warc.gz"]
    listing = tmp_path / "warc.paths.gz"
    listing.write_bytes(gzip.compress(("# two files\n\n" + "\n".join(map(str, files)) + "\n").encode()))
    assert [s.uri for s in expand([str(listing)])] == [str(f.resolve()) for f in files]
