#!/usr/bin/env bash
# The project's Python environment for Airflow and Spark: airflow-dags/.venv from requirements.lock
# (pinned Airflow, pyspark, papermill, deltalake), created by dev/python-venv.sh when it is missing
# or the lock changed. Used by the DAG tests, the notebooks, ./bootcloud sql-server and cluster
# (pyspark's Spark distribution). With --spark-home, prints the pinned pyspark's folder on stdout.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
../dev/python-venv.sh .
if [[ "${1:-}" == --spark-home ]]; then
  .venv/bin/python -c 'import os, pyspark; print(os.path.dirname(pyspark.__file__))'
fi
