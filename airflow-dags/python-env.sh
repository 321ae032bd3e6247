#!/usr/bin/env bash
# The project's one Python environment: creates airflow-dags/.venv from requirements.lock when
# it is missing or the lock changed (pinned Airflow, pyspark, papermill, deltalake). Used by the
# DAG tests, the notebooks, and ./bootcloud sql-server (pyspark's Spark distribution).
# With --spark-home, prints the pinned pyspark's folder (a Spark distribution) on stdout.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
python=${BOOTCLOUD_PYTHON:-python3}
want=$(sha256sum requirements.lock | cut -d' ' -f1)
# One creator at a time: a parallel build runs the system tests and the DAG tests side by side.
exec 9>.venv.lock
flock 9
if [[ ! -x .venv/bin/python || "$(cat .venv/.lock-sha256 2>/dev/null)" != "$want" ]]; then
  echo "airflow-dags: creating .venv from requirements.lock (first run or lock changed; takes a few minutes)" >&2
  rm -rf .venv
  "$python" -m venv .venv
  .venv/bin/pip install --quiet --disable-pip-version-check --no-deps -r requirements.lock >&2
  .venv/bin/pip check --disable-pip-version-check >&2
  echo "$want" > .venv/.lock-sha256
fi
if [[ "${1:-}" == --spark-home ]]; then
  .venv/bin/python -c 'import os, pyspark; print(os.path.dirname(pyspark.__file__))'
fi
