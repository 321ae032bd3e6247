"""The approval gate's poke reads `bootcloud review --json`; these pin how it treats the command's
outcomes, with the command replaced by fixed results (the end-to-end test runs the real one)."""

import importlib.util
import json
import subprocess
from pathlib import Path

import pytest

DAG_FILE = Path(__file__).resolve().parents[1] / "dags" / "bootcloud_nightly.py"


@pytest.fixture(scope="module")
def nightly():
    spec = importlib.util.spec_from_file_location("bootcloud_nightly_gate", DAG_FILE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def poke(nightly, monkeypatch, returncode, stdout="", stderr=""):
    done = subprocess.CompletedProcess(["bootcloud", "review"], returncode, stdout, stderr)
    monkeypatch.setattr(nightly, "_bootcloud", lambda jar, *args: done)
    return nightly.approvals_complete("2026-01-01", "bootcloud.jar", "lakehouse", "exports")


def report(signers, needed=2, passed=True):
    return json.dumps({"approvals": {"signers": signers, "needed": needed}, "checks_passed": passed,
                       "checks": [{"name": "root", "passed": passed}], "flags": []})


def test_a_failure_without_a_report_names_the_error(nightly, monkeypatch):
    with pytest.raises(RuntimeError, match="review failed \\(1\\): table gold.daily_rewards does not exist"):
        poke(nightly, monkeypatch, 1, stderr="table gold.daily_rewards does not exist; run 'bootcloud init' first")


def test_the_gate_opens_at_m_of_n_approvals_of_a_verified_batch(nightly, monkeypatch):
    assert poke(nightly, monkeypatch, 0, stdout=report(["0xa"])) is False
    assert poke(nightly, monkeypatch, 0, stdout=report(["0xa", "0xb"])) is True
    with pytest.raises(RuntimeError, match="does not verify"):
        poke(nightly, monkeypatch, 1, stdout=report(["0xa", "0xb"], passed=False))


def test_the_timelock_wait_only_reads_and_opens_once_the_root_may_be_accepted(nightly, monkeypatch):
    calls = []

    def state(value, acceptable_at="2026-01-02T03:00:05Z"):
        def fake(jar, *args):
            calls.append(args)
            return subprocess.CompletedProcess(["bootcloud"], 0, json.dumps(
                {"day": "2026-01-01", "state": value, "root": "0x1", "acceptable_at": acceptable_at,
                 "chain_time": "2026-01-02T03:00:00Z"}) + "\n", "")
        monkeypatch.setattr(nightly, "_bootcloud", fake)
        return nightly.timelock_passed("2026-01-01", "bootcloud.jar", "lakehouse", "exports", "http://rpc", "0xd")

    assert state("PENDING") is False
    assert state("ACCEPTABLE") is True
    assert state("ACCEPTED", None) is True
    with pytest.raises(RuntimeError, match="NOT_POSTED"):
        state("NOT_POSTED", None)
    # Every poke asked settle to check only: nothing is sent from a sensor.
    assert calls and all(a[0] == "settle" and "--check" in a and "--keystore" not in a for a in calls)


def test_sensors_submit_through_the_tasks_spark_connection(nightly, monkeypatch):
    monkeypatch.setenv("AIRFLOW_CONN_BOOTCLOUD_SPARK", json.dumps(
        {"conn_type": "spark", "host": "spark://10.1.2.3", "port": 7077, "extra": {"spark-binary": "spark-submit"}}))
    seen = []
    monkeypatch.setattr(nightly.subprocess, "run", lambda cmd, **kw: seen.append(cmd) or
                        subprocess.CompletedProcess(cmd, 0, "", ""))
    nightly._bootcloud("/jars/bootcloud.jar", "review", "--date", "2026-01-01")
    cmd = seen[0]
    assert cmd[0] == "spark-submit"
    assert cmd[cmd.index("--master") + 1] == "spark://10.1.2.3:7077"
    assert cmd[cmd.index("--driver-class-path") + 1] == "/jars/bootcloud.jar"
    assert cmd[-4:] == ["/jars/bootcloud.jar", "review", "--date", "2026-01-01"]
