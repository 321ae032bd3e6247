#!/usr/bin/env bash
# The Python tests (DAG integrity and the end-to-end DAG run): creates airflow-dags/.venv from
# requirements.lock when it is missing or the lock changed, then runs pytest. Called by the Maven
# build (integration-test phase of this module), after cli/target/bootcloud.jar exists.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
python=${BOOTCLOUD_PYTHON:-python3}
want=$(sha256sum requirements.lock | cut -d' ' -f1)
if [[ ! -x .venv/bin/python || "$(cat .venv/.lock-sha256 2>/dev/null)" != "$want" ]]; then
  echo "airflow-dags: creating .venv from requirements.lock (first run or lock changed)"
  rm -rf .venv
  "$python" -m venv .venv
  .venv/bin/pip install --quiet --disable-pip-version-check --no-deps -r requirements.lock
  .venv/bin/pip check --disable-pip-version-check
  echo "$want" > .venv/.lock-sha256
fi
exec .venv/bin/python -m pytest -q -p no:cacheprovider tests "$@"
