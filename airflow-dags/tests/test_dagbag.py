"""DagBag integrity: the DAG imports cleanly, in the expected order, with retries and tags."""

from pathlib import Path

import pytest
from airflow.dag_processing.dagbag import DagBag

DAGS = Path(__file__).resolve().parents[1] / "dags"


@pytest.fixture(scope="module")
def dagbag():
    return DagBag(dag_folder=str(DAGS))


def test_no_import_errors(dagbag):
    assert dagbag.import_errors == {}
    assert set(dagbag.dag_ids) == {"bootcloud_nightly"}


def test_task_order(dagbag):
    dag = dagbag.dags["bootcloud_nightly"]
    order = ["ingest", "dpp", "rewards", "export", "treasury_approval", "settle", "timelock_passed", "accept_root",
             "reconcile"]
    assert {t.task_id for t in dag.tasks} == set(order)
    for upstream, downstream in zip(order, order[1:]):
        assert dag.get_task(upstream).downstream_task_ids == {downstream}, upstream
    assert dag.get_task("ingest").upstream_task_ids == set()


def test_scheduling_contract(dagbag):
    dag = dagbag.dags["bootcloud_nightly"]
    assert dag.max_active_runs == 1
    assert {"bootcloud", "rewards", "settlement"} <= set(dag.tags)
    assert dag.doc_md and "never approves" in dag.doc_md
    for task in dag.tasks:
        if task.task_id not in ("treasury_approval",):
            assert task.retries >= 1, task.task_id
    gate = dag.get_task("treasury_approval")
    assert gate.mode == "reschedule"
    assert dag.get_task("timelock_passed").mode == "reschedule"
    spark_tasks = [t for t in dag.tasks if type(t).__name__ == "SparkSubmitOperator"]
    assert {t.task_id for t in spark_tasks} == {"ingest", "dpp", "rewards", "export", "settle", "accept_root",
                                               "reconcile"}
    for t in spark_tasks:
        assert t._conn_id == "bootcloud_spark"
        assert t._java_class == "io.bootcloud.cli.Main"
        assert t.driver_class_path == "{{ var.value.bootcloud_jar }}"
        # No password file or value on any command line: signing tasks take it from the chain connection.
        assert not any("password" in str(a) for a in t.application_args), t.task_id
    signing = {t.task_id for t in spark_tasks if "--keystore" in t.application_args}
    assert signing == {"export", "settle", "accept_root"}
    for task_id in signing:
        assert dag.get_task(task_id).env_vars == {"BOOTCLOUD_KEYSTORE_PASSWORD": "{{ conn.bootcloud_chain.password }}"}
    assert dag.get_task("accept_root").application_args[0] == "settle"


def test_a_day_runs_after_its_end_and_grace_period(dagbag):
    """ds names the settlement day; its run starts after the day's end plus the default grace (PT2H)."""
    import pendulum
    from airflow.timetables.base import TimeRestriction
    from airflow.timetables.interval import CronDataIntervalTimetable

    dag = dagbag.dags["bootcloud_nightly"]
    assert type(dag.timetable).__name__ == "CronDataIntervalTimetable"
    timetable = CronDataIntervalTimetable(dag.timetable.expression, timezone=dag.timetable.timezone)
    first = timetable.next_dagrun_info(last_automated_data_interval=None, restriction=TimeRestriction(
        earliest=pendulum.instance(dag.start_date), latest=None, catchup=True))
    assert first.data_interval.start.date().isoformat() == "2026-01-01"
    assert first.run_after >= pendulum.datetime(2026, 1, 2, 2, 0, tz="UTC")
    assert first.run_after - first.data_interval.start == pendulum.duration(days=1)


def test_no_io_or_variables_at_import(monkeypatch):
    """Importing the DAG file must not read a Variable or a connection."""
    import airflow.sdk

    def forbidden(*args, **kwargs):
        raise AssertionError("Variable or connection read at import time")

    monkeypatch.setattr(airflow.sdk.Variable, "get", forbidden, raising=False)
    bag = DagBag(dag_folder=str(DAGS))
    assert bag.import_errors == {}
