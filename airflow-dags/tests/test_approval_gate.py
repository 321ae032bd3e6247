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
