"""deploy/ validated as far as this machine can (no Docker engine here): the files parse, the
image is non-root and installs the project, Redis is private and persistent, and every
backlinks command the manifests run exists with the options they pass."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
import yaml

from crawler.cli import reference
from tests.support.crawl import backlinks

DEPLOY = Path(__file__).resolve().parents[1] / "deploy"
ROOT = DEPLOY.parent


def k8s_documents() -> list[dict]:
    docs = []
    for path in sorted((DEPLOY / "k8s").glob("*.yaml")):
        docs += [d for d in yaml.safe_load_all(path.read_text()) if d]
    return docs


def test_every_manifest_parses_and_names_its_kind():
    docs = k8s_documents()
    kinds = {d["kind"] for d in docs}
    assert {"Deployment", "StatefulSet", "Service", "Job", "NetworkPolicy", "Secret"} <= kinds
    assert all("metadata" in d and d["metadata"].get("name") for d in docs)


def test_redis_is_persistent_and_private():
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    redis = compose["services"]["redis"]
    assert "ports" not in redis
    assert "--appendonly" in redis["command"] and "--requirepass" in redis["command"]
    service = next(d for d in k8s_documents() if d["kind"] == "Service")
    assert service["spec"]["type"] == "ClusterIP"


def test_the_image_runs_as_a_non_root_user_and_installs_the_project():
    dockerfile = (DEPLOY / "Dockerfile").read_text()
    assert re.search(r"^USER backlinks$", dockerfile, re.M)
    assert 'ENTRYPOINT ["backlinks"]' in dockerfile
    for path in re.findall(r"^COPY (?!--from)(\S+)", dockerfile, re.M):
        assert (ROOT / path).exists(), path
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    assert scripts["backlinks"] == "crawler.cli:main"


def test_the_image_builds_the_compiled_extractor_and_checks_it():
    """The build stage has a C compiler and setup.py (mypyc), the image refuses to be built
    with a plain-Python extractor."""
    dockerfile = (DEPLOY / "Dockerfile").read_text()
    build_stage = dockerfile.split("\nFROM ")[1]  # the first stage
    assert "gcc" in build_stage and re.search(r"^COPY .*\bsetup\.py\b", build_stage, re.M)
    assert "pipelines.extractor.links as m; sys.exit(not m.__file__.endswith('.so'))" in dockerfile


def commands_in_deploy() -> list[list[str]]:
    """Every `backlinks ...` invocation written in the compose file and the manifests."""
    text = (DEPLOY / "compose.yaml").read_text() + "".join(p.read_text() for p in (DEPLOY / "k8s").glob("*.yaml"))
    found = [m.split() for m in re.findall(r"backlinks ((?:crawl|seed|status|build)[^\"'\]\n]*)", text)]
    found += [["build", "--data", "/data"]]  # the k8s build Job's args list
    return found


@pytest.mark.parametrize("command", commands_in_deploy(), ids=lambda c: c[0])
def test_the_commands_the_deploy_files_run_exist_with_those_options(command):
    help_text = backlinks(command[0], "--help", check=True).stdout
    for option in (w for w in command[1:] if w.startswith("-")):
        assert option in help_text or option == "-s", (command[0], option)
    assert f"### `backlinks {command[0]}" in reference.markdown()
