"""The scale-out benchmark (bench/scale_out.py) end to end at a tiny size: two gunicorn processes on a
scratch PostgreSQL database and Redis behind nginx, 20 Node viewers, 3 scheduled approvals, and the Node
reference server in the same command. It proves the harness, not the figures (those are for a quiet
machine): every approved comment reaches every viewer, and the result line carries its fields."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from bench.scale_out import PROJECT

pytestmark = pytest.mark.services

FANOUT_FIELDS = {"scenario", "setup", "run", "viewers", "expected", "delivered", "join_s", "p50_ms", "p99_ms",
                 "max_ms", "reference_p99_ms", "ratio_p99", "cores", "memory_gb", "when", "compression",
                 "generator_cpu", "generator_saturated", "void", "redis_messages_per_comment", "pg_per_comment"}


def _required(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{name} must be set on CI")
        pytest.skip(f"{name} not set: the scale-out benchmark's test runs on CI")
    return value


def test_a_tiny_fanout_through_nginx_delivers_every_comment_and_writes_its_line(tmp_path):
    redis_url, postgres = _required("TEST_REDIS_URL"), _required("TEST_DATABASE_URL")
    if shutil.which("node") is None or not (PROJECT / "node_modules" / "socket.io").is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail("node and node_modules/socket.io (npm ci) are needed on CI")
        pytest.skip("node or node_modules/socket.io missing (make assets)")
    done = subprocess.run(
        [sys.executable, "-m", "bench.scale_out", "--scenario", "fanout", "--setup", "pg-redis-2proc-nginx",
         "--viewers", "20", "--comments", "3", "--interval-ms", "200", "--runs", "1",
         "--postgres", postgres, "--redis", redis_url, "--results-dir", str(tmp_path),
         "--work-dir", str(tmp_path / "work")],
        cwd=PROJECT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    (result,) = tmp_path.glob("scale_out-*.json")
    lines = [json.loads(line) for line in result.read_text().splitlines()]
    run, summary, targets = lines
    assert FANOUT_FIELDS <= set(run), FANOUT_FIELDS - set(run)
    assert (run["scenario"], run["setup"], run["run"], run["viewers"]) == ("fanout", "pg-redis-2proc-nginx", 1, 20)
    assert run["expected"] == 60 and run["delivered"] == 60, run
    assert run["reference_delivered"] == 60 and run["joined"] == 20 and run["duplicated"] == 0
    assert run["p99_ms"] >= run["p50_ms"] > 0 and run["reference_p99_ms"] > 0
    assert run["ratio_p99"] == pytest.approx(run["p99_ms"] / run["reference_p99_ms"], abs=0.01)
    assert run["compression"]["offered"] == "permessage-deflate"
    assert sum(run["compression"]["negotiated"].values()) == 20
    assert run["cores"] == os.cpu_count() and run["memory_gb"] > 0
    assert run["redis_messages_per_comment"] > 0 and run["pg_per_comment"]["xact_commit"] > 0
    assert (summary["run"], summary["runs"], summary["all_delivered"]) == ("median", 1, True)
    assert targets["scenario"] == "targets" and targets["1_fanout_2proc_10000"] is None  # too small to judge
