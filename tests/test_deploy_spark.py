"""deploy/spark validated as far as this machine can (no Docker engine, no Kubernetes): the
SparkApplication parses and runs the jobs the image copies, with a driver of at most 4 GiB;
the image installs the wheel with the spark extra and checks the compiled extractor; the
spark-submit example submits files that exist and take the options it passes."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

SPARK = Path(__file__).resolve().parents[1] / "deploy" / "spark"
ROOT = SPARK.parents[1]


def test_the_spark_application_runs_the_build_job_the_image_holds():
    app = yaml.safe_load((SPARK / "sparkapplication.yaml").read_text())
    assert app["apiVersion"].startswith("sparkoperator.k8s.io/") and app["kind"] == "SparkApplication"
    spec = app["spec"]
    assert spec["type"] == "Python" and spec["mode"] == "cluster"
    dockerfile = (SPARK / "Dockerfile").read_text()
    copied = dict((dst, src) for src, dst in re.findall(r"^COPY (\S+) (/opt/backlinks/jobs/\S+)$", dockerfile, re.M))
    main = spec["mainApplicationFile"].removeprefix("local://")
    assert main in copied and (ROOT / copied[main]).exists()
    assert spec["driver"]["memory"] in ("1g", "2g", "3g", "4g")
    claim = spec["volumes"][0]["persistentVolumeClaim"]["claimName"]
    assert f"name: {claim}" in (ROOT / "deploy" / "k8s" / "worker.yaml").read_text()  # the crawl's volume


def test_the_image_installs_the_wheel_with_the_spark_extra_and_checks_the_extractor():
    dockerfile = (SPARK / "Dockerfile").read_text()
    assert "pip wheel" in dockerfile and "'.[spark]'" in dockerfile
    assert "pipelines.extractor.links as m; sys.exit(not m.__file__.endswith('.so'))" in dockerfile
    for path in re.findall(r"^COPY (?!--from)(\S+)", dockerfile, re.M):
        assert (ROOT / path).exists(), path
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    assert any(dep.startswith("pyspark>=") for dep in extras["spark"])


def test_the_submit_example_runs_the_jobs_with_options_they_take():
    from analysis.spark import build
    from pipelines.spark import ingest

    script = (SPARK / "submit.sh").read_text()
    jobs = re.findall(r'"\$JOBS/(\S+\.py)"([^\n]*)', script)
    assert [path for path, _ in jobs] == ["pipelines/spark/ingest.py", "analysis/spark/build.py"]
    for (path, options), module in zip(jobs, (ingest, build), strict=True):
        assert (ROOT / path).exists()
        for option in re.findall(r"(--[a-z-]+)", options):
            parser_help = module.main.__code__.co_consts  # the options main() declares
            assert any(option == c for c in parser_help if isinstance(c, str)), (path, option)
