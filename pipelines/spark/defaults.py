"""Every default of the Spark engine, in one place (README, "Spark")."""

from __future__ import annotations

#: Spark master when none is given: every core of this machine, in this process's JVM.
MASTER = "local[*]"
#: Memory of the driver's JVM. The driver only plans, collects ingest checkpoints and, at
#: the end of a build, the domain and host ranks: 4 GiB is ample, and leaves a shared
#: machine to its other users.
DRIVER_MEMORY = "4g"
#: Partitions of every shuffle (joins, group-bys, the rank iterations). Spark's own default
#: (200) suits a cluster; a local build of a small index is faster with fewer. On a cluster
#: set it to 2-4 times the executor cores (spark-submit's --conf of the setting named below).
SHUFFLE_PARTITIONS = 16
#: Ingest tasks in flight at once, per core Spark offers (a task is one file or byte range;
#: one Spark job each, so that the driver records each in the ingest manifest as it ends).
TASKS_PER_CORE = 2
