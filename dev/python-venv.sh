#!/usr/bin/env bash
# Creates DIR/.venv from DIR/requirements.lock (pinned, --no-deps) when it is missing or the lock
# changed, one creator at a time (parallel builds share it). Used by airflow-dags/python-env.sh
# (Airflow, pyspark, papermill) and dev/s3/ (the S3-compatible test server).
set -euo pipefail
dir="$(cd "${1:?usage: python-venv.sh DIR}" && pwd)"
python=${BOOTCLOUD_PYTHON:-python3}
want=$(sha256sum "$dir/requirements.lock" | cut -d' ' -f1)
exec 9>"$dir/.venv.lock"
flock 9
if [[ ! -x "$dir/.venv/bin/python" || "$(cat "$dir/.venv/.lock-sha256" 2>/dev/null)" != "$want" ]]; then
  echo "$(basename "$dir"): creating .venv from requirements.lock (first run or lock changed; takes a few minutes)" >&2
  rm -rf "$dir/.venv"
  "$python" -m venv "$dir/.venv"
  "$dir/.venv/bin/pip" install --quiet --disable-pip-version-check --no-deps -r "$dir/requirements.lock" >&2
  "$dir/.venv/bin/pip" check --disable-pip-version-check >&2
  echo "$want" > "$dir/.venv/.lock-sha256"
fi
