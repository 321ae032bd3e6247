"""The nightly Boot Cloud Chain rewards pipeline for one logical date (see README.md).

ingest -> dpp -> rewards -> export -> treasury approval gate -> settle -> timelock wait -> accept root -> reconcile

Every Spark job is the project's shaded jar run by ``spark-submit`` (SparkSubmitOperator); the
approval gate is a reschedule-mode sensor that only *reads* approvals (it never approves). Nothing
here does I/O or reads a Variable at import time: every setting is a Jinja template resolved when
a task runs.
"""

from __future__ import annotations

import json
import os
import subprocess
from datetime import datetime, timedelta

from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator
from airflow.providers.standard.sensors.python import PythonSensor
from airflow.sdk import DAG, CronDataIntervalTimetable

DAG_ID = "bootcloud_nightly"
SPARK_CONN = "bootcloud_spark"
MAIN_CLASS = "io.bootcloud.cli.Main"

# Templates, resolved at run time (never at import time).
JAR = "{{ var.value.bootcloud_jar }}"
LAKEHOUSE = "{{ var.value.bootcloud_lakehouse }}"
EXPORTS = "{{ var.value.bootcloud_exports }}"
LANDING = "{{ var.value.bootcloud_landing }}"
CHAIN = "{{ conn.bootcloud_chain.host }}"
DISTRIBUTOR = "{{ conn.bootcloud_chain.extra_dejson.distributor }}"
KEYS = "{{ conn.bootcloud_chain.extra_dejson.keystores }}"

DOC = """
### Boot Cloud Chain nightly rewards

For the logical date `ds` (one settlement day): **ingest** new landing files exactly once,
compute **dpp**, then **rewards** (classes, emission, apportionment), **export** the signed
payout batch, wait for **treasury approval** (M-of-N EIP-712 approvals recorded by people with
`bootcloud approve`; this DAG never approves), **settle** (post the root on-chain), wait read-only
for the **timelock**, **accept** the root, and **reconcile** every invariant. Every task is idempotent for its day: a retry or a rerun sends nothing twice.

Configuration: Variables `bootcloud_jar`, `bootcloud_lakehouse`, `bootcloud_landing`,
`bootcloud_exports`; connections `bootcloud_spark` (Spark master) and `bootcloud_chain`
(RPC URL as host; password: the keystores' password; extra `distributor`, `keystores`). See airflow-dags/README.md.
"""


def _job(task_id: str, command: str, *args: str, **kwargs) -> SparkSubmitOperator:
    """One bootcloud job for the logical date, through spark-submit with the shaded jar."""
    return SparkSubmitOperator(
        task_id=task_id,
        conn_id=SPARK_CONN,
        application=JAR,
        java_class=MAIN_CLASS,
        # Hive loads the metastore's JDBC driver (inside the engine jar) from the driver's own class path.
        driver_class_path=JAR,
        name=f"bootcloud-{task_id}-{{{{ ds }}}}",
        application_args=[command, "--date", "{{ ds }}", "--lakehouse", LAKEHOUSE, *args],
        verbose=False,
        **kwargs,
    )


# Signing tasks get the keystore password from the bootcloud_chain connection (or whatever secrets
# backend serves it), in the job's environment: never a file name or a value on a command line.
KEYSTORE_PASSWORD = {"BOOTCLOUD_KEYSTORE_PASSWORD": "{{ conn.bootcloud_chain.password }}"}


def _bootcloud(jar: str, *args: str) -> subprocess.CompletedProcess:
    """Runs one read-only bootcloud command for a sensor's poke, through spark-submit with the same
    Spark connection (binary and master) as the tasks."""
    from airflow.providers.apache.spark.hooks.spark_submit import SparkSubmitHook

    conn = SparkSubmitHook(conn_id=SPARK_CONN)._resolve_connection()
    cmd = [conn["spark_binary"], "--master", conn["master"], "--driver-class-path", jar, "--class", MAIN_CLASS, jar,
           *args]
    return subprocess.run(cmd, capture_output=True, text=True, check=False)


def approvals_complete(ds: str, jar: str, lakehouse: str, exports: str, **_) -> bool:
    """Poke of the approval gate: true once the day's batch verifies and has M-of-N approvals.

    Reads ``bootcloud review --json`` (integrity checks recomputed from the export files, each
    approval's signer recovered from its EIP-712 signature). It never writes anything.
    """
    done = _bootcloud(jar, "review", "--date", ds, "--lakehouse", lakehouse, "--exports", exports, "--json")
    if done.returncode not in (0, 1) or not done.stdout.strip():
        raise RuntimeError(f"review failed ({done.returncode}): {done.stderr.strip()[-2000:]}")
    report = json.loads(done.stdout)
    have = len(report["approvals"]["signers"])
    need = report["approvals"]["needed"]
    if not report["checks_passed"]:
        raise RuntimeError("the batch of %s does not verify: %s" % (ds, [c for c in report["checks"] if not c["passed"]]))
    print(f"approvals of {ds}: {have} of {need}; flags: {[f['code'] for f in report['flags']]}")
    return have >= need


def timelock_passed(ds: str, jar: str, lakehouse: str, exports: str, rpc_url: str, distributor: str, **_) -> bool:
    """Poke of the timelock wait: reads where the day's root stands (``bootcloud settle --check``, which
    sends and records nothing); true once the root may be accepted (or already was). The acceptRoot
    transaction is sent by the accept_root task after this wait, never from a poke."""
    done = _bootcloud(jar, "settle", "--date", ds, "--lakehouse", lakehouse, "--exports", exports,
                      "--rpc-url", rpc_url, "--distributor", distributor, "--check", "--json")
    if done.returncode != 0 or not done.stdout.strip():
        raise RuntimeError(f"settle --check failed ({done.returncode}): {done.stderr.strip()[-2000:]}")
    status = json.loads(done.stdout.strip().splitlines()[-1])
    print(f"root of {ds}: {status['state']} (acceptable at {status['acceptable_at']}, chain time {status['chain_time']})")
    if status["state"] in ("ACCEPTABLE", "ACCEPTED"):
        return True
    if status["state"] == "PENDING":
        return False
    raise RuntimeError(f"the root of {ds} is {status['state']}: the settle task should have posted it")


# Seconds between pokes of the two waits (an environment setting, read without I/O).
POKE_SECONDS = int(os.environ.get("BOOTCLOUD_POKE_SECONDS", "60"))

with DAG(
    dag_id=DAG_ID,
    description="ingest -> dpp -> rewards -> export -> treasury approval -> settle -> reconcile",
    doc_md=DOC,
    # One run per settlement day D (ds = D): the data interval is [D 03:00, D+1 03:00) UTC and the run
    # starts at its end, after D's end plus the ruleset's grace period (PT2H), which dpp and rewards
    # enforce. A plain "@daily" would, on Airflow 3, name the day that has just begun.
    schedule=CronDataIntervalTimetable("0 3 * * *", timezone="UTC"),
    start_date=datetime(2026, 1, 1),
    catchup=True,
    max_active_runs=1,
    tags=["bootcloud", "rewards", "settlement"],
    default_args={
        "owner": "data-engineering",
        "retries": 2,
        "retry_delay": timedelta(minutes=5),
        "depends_on_past": True,
    },
) as dag:
    ingest = _job("ingest", "ingest", "--landing", LANDING)
    dpp = _job("dpp", "dpp")
    rewards = _job("rewards", "rewards")
    export = _job(
        "export", "export", "--exports", EXPORTS, "--rpc-url", CHAIN, "--distributor", DISTRIBUTOR,
        "--keystore", KEYS + "/exporter.json", env_vars=KEYSTORE_PASSWORD,
    )
    approval_gate = PythonSensor(
        task_id="treasury_approval",
        python_callable=approvals_complete,
        op_kwargs={"jar": JAR, "lakehouse": LAKEHOUSE, "exports": EXPORTS},
        mode="reschedule",
        poke_interval=POKE_SECONDS,
        timeout=timedelta(days=2).total_seconds(),
        retries=0,
        doc_md="Waits, without holding a worker slot, until treasury has approved the batch M-of-N.",
    )
    settle = _job(
        "settle", "settle", "--exports", EXPORTS, "--rpc-url", CHAIN, "--distributor", DISTRIBUTOR,
        "--keystore", KEYS + "/settler.json", env_vars=KEYSTORE_PASSWORD,
        doc_md="Posts the approved root on-chain (once; a rerun finds it posted).",
    )
    timelock = PythonSensor(
        task_id="timelock_passed",
        python_callable=timelock_passed,
        op_kwargs={"jar": JAR, "lakehouse": LAKEHOUSE, "exports": EXPORTS, "rpc_url": CHAIN,
                   "distributor": DISTRIBUTOR},
        mode="reschedule",
        poke_interval=POKE_SECONDS,
        timeout=timedelta(days=1).total_seconds(),
        doc_md="Waits, read-only, for the on-chain timelock (the guardian's window to revoke) to pass.",
    )
    accept = _job(
        "accept_root", "settle", "--exports", EXPORTS, "--rpc-url", CHAIN, "--distributor", DISTRIBUTOR,
        "--keystore", KEYS + "/settler.json", env_vars=KEYSTORE_PASSWORD,
        doc_md="Accepts the posted root once the timelock has passed (settle again: one acceptRoot, never two).",
    )
    reconcile = _job("reconcile", "reconcile", "--rpc-url", CHAIN, "--distributor", DISTRIBUTOR)

    ingest >> dpp >> rewards >> export >> approval_gate >> settle >> timelock >> accept >> reconcile
