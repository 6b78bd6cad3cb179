"""The graph's tables as Spark DataFrames: what analysis/sql/views/dataset.sql,
analysis/sql/build/tables.sql, analysis/sql/build/names.sql and analysis/sql/build/edges.sql
compute in DuckDB, step for step, over the same part files (so that both engines build equal
tables).

- `raw(spark, data_dir, table)`: every row of every part file, in the columns of
  pipelines/dataset/schema.py (NULL where a file has none), crawl_id from the `crawl=` path
  when a file has none, and the part's `filename` (the latest fetch wins; ties: the last file).
- `dedup(pages_raw, links_raw)`: `pages` and `links` with `live`, and `crawl_fetches`.
- `names(pages, links)`: `domains` and `hosts` numbered in reversed-name order.
- `edges(links, names, level)`: the domain or host edges with counts and first/last seen.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from pyspark.sql import Window
from pyspark.sql import functions as F
from pyspark.sql import types as T

from pipelines.dataset import schema
from pipelines.dataset.layout import PartFile

if TYPE_CHECKING:
    import pyarrow as pa
    from pyspark.sql import DataFrame, SparkSession

_TYPES = {"string": T.StringType(), "bool": T.BooleanType(), "int16": T.ShortType(),
          "int32": T.IntegerType(), "int64": T.LongType(), "double": T.DoubleType(),
          "timestamp[ms, tz=UTC]": T.TimestampType(), "list<item: string>": T.ArrayType(T.StringType()),
          "list<item: double>": T.ArrayType(T.DoubleType())}


def spark_type(pa_type: pa.DataType) -> T.DataType:
    """The Spark type of a column of the Parquet schemas."""
    return _TYPES[str(pa_type)]


def raw(spark: SparkSession, data_dir: Path, table: str, files: list[PartFile]) -> DataFrame:
    """`<table>_raw` of analysis/db.py over `files` (absolute `filename`, as DuckDB's)."""
    table_schema = getattr(schema, table.upper())
    if not files:
        empty = T.StructType([T.StructField(f.name, spark_type(f.type)) for f in table_schema]
                             + [T.StructField("filename", T.StringType())])
        return spark.createDataFrame([], empty)
    paths = [str(data_dir / f.path) for f in files]
    df = (spark.read.option("mergeSchema", "true").option("basePath", str(data_dir / table))
          .parquet(*paths))
    present = set(df.columns)
    columns = []
    for f in table_schema:
        value = F.col(f.name) if f.name in present else F.lit(None)
        if f.name == "crawl_id" and "crawl" in present:  # the partition names the crawl too
            value = F.coalesce(value, F.col("crawl").cast("string"))
        columns.append(value.cast(spark_type(f.type)).alias(f.name))
    # DuckDB's filename is the path as given; Spark's a file: URI of the same path
    filename = F.regexp_replace(F.input_file_name(), r"^file:(//)?", "")
    return df.select(*columns, filename.alias("filename"))


def dofollow(nofollow: str, ugc: str, sponsored: str, page_nofollow: str) -> F.Column:
    """The macro is_dofollow of analysis/sql/views/dataset.sql."""
    return ~(F.coalesce(F.col(nofollow), F.lit(False)) | F.coalesce(F.col(ugc), F.lit(False))
             | F.coalesce(F.col(sponsored), F.lit(False)) | F.coalesce(F.col(page_nofollow), F.lit(False)))


def dedup(pages_raw: DataFrame, links_raw: DataFrame) -> tuple[DataFrame, DataFrame, DataFrame]:
    """(pages_with_live, links_with_live, crawl_fetches) as analysis/sql/views/dataset.sql defines them
    (links without dst_key: the install step adds DuckDB's hash of dst_domain)."""
    link_fetches = (links_raw.groupBy("crawl_id", F.col("src_url").alias("url"), "fetched_at")
                    .agg(F.max("filename").alias("filename")))
    fetched = (pages_raw.select("crawl_id", "url", "fetched_at")
               .unionByName(link_fetches.select("crawl_id", "url", "fetched_at")))
    fetches = fetched.groupBy("crawl_id", "url").agg(F.max("fetched_at").alias("fetched_at"))
    live_fetches = (fetches.groupBy("url")
                    .agg(F.max_by("crawl_id", "fetched_at").alias("crawl_id"))
                    .withColumn("live", F.lit(True)))
    link_sources = (fetches.join(link_fetches, ["crawl_id", "url", "fetched_at"])
                    .join(live_fetches, ["crawl_id", "url"], "left")
                    .select(F.col("crawl_id").alias("s_crawl"), F.col("url").alias("s_url"),
                            F.col("fetched_at").alias("s_at"), F.col("filename").alias("s_file"),
                            F.coalesce("live", F.lit(False)).alias("live")))
    latest = Window.partitionBy("crawl_id", "url").orderBy(F.desc("fetched_at"), F.desc("filename"))
    pages = (pages_raw.withColumn("_n", F.row_number().over(latest)).where("_n = 1").drop("_n", "filename")
             .join(live_fetches, ["crawl_id", "url"], "left"))
    pages = pages.select(*[c for c in pages_raw.columns if c != "filename"],
                         F.coalesce("live", F.lit(False)).alias("live"))
    on = ((links_raw.crawl_id == link_sources.s_crawl) & (links_raw.src_url == link_sources.s_url)
          & (links_raw.fetched_at == link_sources.s_at) & (links_raw.filename == link_sources.s_file))
    links = (links_raw.join(link_sources, on)
             .select(*[c for c in links_raw.columns if c != "filename"],
                     dofollow("nofollow", "ugc", "sponsored", "page_nofollow").alias("dofollow"), "live"))
    crawl_fetches = fetched.groupBy("crawl_id").agg(
        F.min("fetched_at").alias("first_fetch"), F.max("fetched_at").alias("last_fetch"),
        F.countDistinct("url").alias("urls"))
    return pages, links, crawl_fetches


def numbered(df: DataFrame, id_name: str, *order: F.Column) -> DataFrame:
    """`df` with ids 0..n-1 in the order of `order` (distinct values), as DuckDB's
    row_number() - 1, without moving every row to one partition."""
    ordered = df.orderBy(*order)
    return (ordered.rdd.zipWithIndex()
            .map(lambda pair: (*pair[0], pair[1]))
            .toDF([*df.columns, id_name])
            .withColumn(id_name, F.col(id_name).cast(T.IntegerType())))


def reverse_name(column: str) -> F.Column:
    """The macro reverse_name of analysis/sql/views/common.sql: www.example.com -> com.example.www."""
    return F.array_join(F.reverse(F.split(F.col(column), r"\.")), ".")


def names(pages: DataFrame, links: DataFrame) -> tuple[DataFrame, DataFrame]:
    """(domains, hosts) as analysis/sql/build/names.sql makes them."""
    pairs = (links.select(F.col("src_host").alias("host"), F.col("src_domain").alias("domain"))
             .unionByName(links.select(F.col("dst_host").alias("host"), F.col("dst_domain").alias("domain")))
             .unionByName(pages.select("host", "domain")))
    host_names = (pairs.where("host IS NOT NULL AND host <> '' AND domain IS NOT NULL AND domain <> ''")
                  .groupBy("host").agg(F.min("domain").alias("domain")))
    domains = numbered(host_names.select("domain").distinct(), "domain_id", reverse_name("domain"))
    domains = domains.select("domain_id", "domain")
    hosts = numbered(host_names, "host_id", reverse_name("host")).join(domains, "domain")
    return domains, hosts.select("host_id", "host", "domain_id", "domain")


def edges(links: DataFrame, nodes: DataFrame, level: str) -> DataFrame:
    """The `level` ("domain" or "host") edges of analysis/sql/build/edges.sql."""
    ids = nodes.select(F.col(level).alias("_name"), F.col(f"{level}_id").alias("_id"))
    src, dst = ids.select(F.col("_name").alias("_s"), F.col("_id").alias("src_id")), \
        ids.select(F.col("_name").alias("_d"), F.col("_id").alias("dst_id"))
    joined = (links.where(F.col(f"src_{level}") != F.col(f"dst_{level}"))
              .join(src, F.col(f"src_{level}") == F.col("_s"))
              .join(dst, F.col(f"dst_{level}") == F.col("_d")))
    return joined.groupBy("src_id", "dst_id").agg(
        F.count(F.when(F.col("live"), 1)).alias("links"),
        F.count(F.when(F.col("live") & F.col("dofollow"), 1)).alias("dofollow_links"),
        F.min("fetched_at").alias("first_seen"), F.max("fetched_at").alias("last_seen"),
        F.bool_or("live").alias("live"))
