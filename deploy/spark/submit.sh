#!/usr/bin/env bash
# spark-submit examples (cc-pyspark's way): WARC ingest, then the graph build, on a
# standalone or YARN cluster whose nodes all mount the data directory at $DATA and have the
# project installed (pip install 'backlinks[spark]' from the wheel: `pip wheel '.[spark]'`),
# or on Kubernetes with the image of deploy/spark/Dockerfile (see sparkapplication.yaml).
#   MASTER=spark://spark-master:7077 DATA=/shared/data deploy/spark/submit.sh 'cc/warc.paths'
set -euo pipefail
MASTER=${MASTER:-local[*]}
DATA=${DATA:-/shared/data}
CRAWL_ID=${CRAWL_ID:-cc-main}
JOBS=$(python -c 'import pathlib, pipelines.spark.ingest as m; print(pathlib.Path(m.__file__).parents[2])')

# one task per WARC file (or byte range of a large one); parts named by file and range
spark-submit --master "$MASTER" --driver-memory 4g --executor-memory 4g --executor-cores 4 \
  --conf spark.task.maxFailures=4 \
  "$JOBS/pipelines/spark/ingest.py" "$@" --data "$DATA" --crawl-id "$CRAWL_ID"

# the graph: the same tables as `backlinks build`, into $DATA/graph.duckdb
spark-submit --master "$MASTER" --driver-memory 4g --executor-memory 8g --executor-cores 4 \
  --conf spark.sql.shuffle.partitions=400 \
  "$JOBS/analysis/spark/build.py" --data "$DATA"
