"""One simulated day through the real DAG with Airflow's own runner (dag.test()): real
spark-submit of the shaded jar in local mode, a real anvil, dev treasury keystores approving
from a separate thread (as people would, while the gate waits), ending with the root accepted
on-chain and reconcile green."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
JAR = ROOT / "cli" / "target" / "bootcloud.jar"
# The dev module's commands (simulate, deploy --dev) for this test's setup only: the DAG's own tasks
# run the production jar, which holds none of them.
DEV_JAR = ROOT / "dev" / "target" / "bootcloud-dev.jar"
ANVIL = ROOT / "settlement-export" / "node_modules" / ".bin" / "anvil"
MAIN = "io.bootcloud.cli.Main"
DAY = "2026-01-01"

# spark-submit of the pinned pyspark in this virtualenv (it finds its Spark through SPARK_HOME).
os.environ.setdefault("SPARK_HOME", str(Path(__import__("pyspark").__file__).parent))
os.environ["PATH"] = str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", "")
# Every job here is a short JVM over a tiny day: the client compiler alone starts them a quarter faster,
# the serial collector keeps GC threads off the two cores, and Spark evaluates interpreted, as every
# Spark of the Java tests does (SharedSpark.evaluation: compiling code for each plan costs more than a
# tiny day's rows; spark-submit reads spark.* system properties as settings).
os.environ.setdefault("SPARK_SUBMIT_OPTS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC "
                      "-Dspark.sql.codegen.wholeStage=false -Dspark.sql.codegen.factoryMode=NO_CODEGEN")


def spark_submit() -> str:
    found = shutil.which("spark-submit", path=str(Path(sys.executable).parent))
    assert found, "spark-submit (pyspark) is not installed in this virtualenv"
    return found


# Class-data sharing (CDS): the first spark-submit of the module writes an archive of the classes it
# loaded (Spark's, Delta's, Hive's) when it exits; every later one, the DAG's tasks included (they
# inherit SPARK_SUBMIT_OPTS), maps it instead of loading and linking them again.
_CDS: dict[str, object] = {}


@pytest.fixture(scope="module", autouse=True)
def class_data_archive(tmp_path_factory):
    base = os.environ.get("SPARK_SUBMIT_OPTS", "")
    if os.environ.get("BOOTCLOUD_TEST_CDS") == "false":
        yield None
        return
    archive = tmp_path_factory.mktemp("cds") / "spark-submit.jsa"
    _CDS.update(base=base, archive=archive)
    os.environ["SPARK_SUBMIT_OPTS"] = f"{base} -Xlog:cds*=off -XX:ArchiveClassesAtExit={archive}"
    yield archive
    os.environ["SPARK_SUBMIT_OPTS"] = base
    _CDS.clear()


def bootcloud(*args: str, check: bool = True, dev: bool = False) -> subprocess.CompletedProcess:
    # The engine jar on the driver's own class path too: Hive loads the metastore's JDBC driver from there.
    driver_path = f"{JAR}{os.pathsep}{DEV_JAR}" if dev else str(JAR)
    done = subprocess.run([spark_submit(), "--master", "local[2]", "--driver-class-path", driver_path, "--class", MAIN,
                           str(JAR), *args],
                          capture_output=True, text=True, check=False)
    archive = _CDS.get("archive")
    if archive and "ArchiveClassesAtExit" in os.environ.get("SPARK_SUBMIT_OPTS", ""):
        # One attempt: without an archive (the JVM could not write one) later runs start as before.
        shared = f" -Xlog:cds*=off -XX:SharedArchiveFile={archive}" if archive.is_file() else ""
        os.environ["SPARK_SUBMIT_OPTS"] = f"{_CDS['base']}{shared}"
    if check and done.returncode != 0:
        raise AssertionError(f"bootcloud {' '.join(args)} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return done


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def anvil():
    port = free_port()
    proc = subprocess.Popen([str(ANVIL), "--host", "127.0.0.1", "--port", str(port), "--chain-id", "31337",
                             "--block-time", "0.5"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                break
        except OSError:
            time.sleep(0.2)
    yield url
    proc.terminate()
    proc.wait(timeout=10)


def test_one_day_ends_accepted_and_reconciled(tmp_path, anvil, monkeypatch):
    assert JAR.is_file(), f"{JAR} is missing: build with mvn first"
    assert DEV_JAR.is_file(), f"{DEV_JAR} is missing: build with mvn first"
    var = tmp_path / "var"
    lakehouse, landing, exports = var / "lakehouse", var / "landing", var / "exports"
    keys = var / "chain" / "dev-keys"

    bootcloud("init", "--lakehouse", str(lakehouse))
    bootcloud("simulate", "--contributors", "12", "--days", "1", "--seed", "5", "--out", str(landing), dev=True)
    deploy = bootcloud("deploy", "--dev", "--rpc-url", anvil, "--timelock", "5", "--lakehouse", str(lakehouse),
                       dev=True)
    deployment = json.loads((var / "chain" / "deployment.json").read_text())
    assert deployment["distributor"] in deploy.stdout

    # Variables and connections from the environment, read by Airflow when a task renders its
    # templates (the metadata database is conftest.py's).
    env = {
        "AIRFLOW_VAR_BOOTCLOUD_JAR": str(JAR),
        "AIRFLOW_VAR_BOOTCLOUD_LAKEHOUSE": str(lakehouse),
        "AIRFLOW_VAR_BOOTCLOUD_LANDING": str(landing),
        "AIRFLOW_VAR_BOOTCLOUD_EXPORTS": str(exports),
        "AIRFLOW_CONN_BOOTCLOUD_SPARK": json.dumps({"conn_type": "spark", "host": "local[2]"}),
        # The dev keystores' password (anvil's published dev chain) as the connection's password.
        "AIRFLOW_CONN_BOOTCLOUD_CHAIN": json.dumps({"conn_type": "generic", "host": anvil,
                                                    "password": (keys / "dev-password.txt").read_text().strip(),
                                                    "extra": {"distributor": deployment["distributor"],
                                                              "keystores": str(keys)}}),
        "BOOTCLOUD_POKE_SECONDS": "5",
    }
    for k, v in env.items():
        monkeypatch.setenv(k, v)

    # Treasury, outside Airflow: two members approve once the batch has been exported.
    approved = []

    def treasury():
        # A guard against a hung run, not a speed limit: the export comes after init, simulate, deploy, ingest,
        # dpp and rewards, which took 11 minutes in a clean-clone CI run on a busy machine.
        deadline = time.time() + 2700
        members = ["treasury-1.json", "treasury-2.json"]
        while members and time.time() < deadline:
            if (exports / DAY / "manifest.sig").exists():
                done = bootcloud("approve", "--date", DAY, "--lakehouse", str(lakehouse), "--exports", str(exports),
                                 "--keystore", str(keys / members[0]), "--password-file",
                                 str(keys / "dev-password.txt"), check=False)
                if done.returncode == 0:
                    approved.append(members.pop(0))
                    continue
            time.sleep(3)

    approver = threading.Thread(target=treasury, daemon=True)
    approver.start()

    from airflow.dag_processing.dagbag import DagBag

    dag = DagBag(dag_folder=str(ROOT / "airflow-dags" / "dags")).dags["bootcloud_nightly"]
    run = dag.test(logical_date=datetime(2026, 1, 1, tzinfo=timezone.utc))
    approver.join(timeout=60)
    assert approved == ["treasury-1.json", "treasury-2.json"]
    states = {ti.task_id: str(ti.state) for ti in run.get_task_instances()}
    assert str(run.state).endswith("success"), states
    assert set(states.values()) == {"success"}, states

    checks = bootcloud("sql", "--lakehouse", str(lakehouse), "--format", "csv", "-e",
                       f"SELECT count(*) AS failed FROM audit.reconciliation WHERE day = DATE '{DAY}' AND NOT passed; "
                       f"SELECT count(*) AS passed FROM audit.reconciliation WHERE day = DATE '{DAY}' AND passed; "
                       f"SELECT count(DISTINCT tx_hash) AS accepts FROM settlement.chain_receipts "
                       f"WHERE day = DATE '{DAY}' AND action = 'acceptRoot' AND status = 'CONFIRMED'")
    assert "failed\n0\n" in checks.stdout
    assert "accepts\n1\n" in checks.stdout
    passed = int(checks.stdout.split("passed\n")[1].split("\n")[0])
    assert passed >= 10
    # The notebooks, executed with papermill on the tables this run produced; a cell error fails the
    # test. The executed notebooks and their figures (PNG) are kept under notebooks/target/.
    import papermill

    out = ROOT / "notebooks" / "target"
    # They reach the catalog and the emission schedule through the production jar, as on a cluster.
    engine = f"{spark_submit()} --master local[1] --driver-class-path {JAR} --class {MAIN} {JAR}"
    (out / "figures").mkdir(parents=True, exist_ok=True)
    for name, figures in {"daily_review": ["dpp_distribution", "pool_split", "emission_schedule"],
                          "fleet_health": ["quarantine_by_reason", "reported_vs_verified"]}.items():
        papermill.execute_notebook(str(ROOT / "notebooks" / f"{name}.ipynb"), str(out / f"{name}.ipynb"),
                                   parameters={"bootcloud": engine, "lakehouse": str(lakehouse), "day": DAY,
                                               "out_dir": str(out / "figures")},
                                   kernel_name="python3", progress_bar=False)
        for f in figures:
            png = out / "figures" / f"{f}.png"
            assert png.is_file() and png.stat().st_size > 5000, png

    # The chain's accepted root is the exported one.
    manifest = json.loads((exports / DAY / "manifest.json").read_text())
    claim = bootcloud("claim", "--wallet", "0x" + "0" * 39 + "1", "--lakehouse", str(lakehouse),
                      "--rpc-url", anvil, "--distributor", deployment["distributor"])
    assert manifest["merkle_root"] in claim.stdout
