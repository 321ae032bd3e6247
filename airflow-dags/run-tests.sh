#!/usr/bin/env bash
# The Python tests (DAG integrity and the end-to-end DAG run) in the project's Python
# environment (python-env.sh). Called by the Maven build (integration-test phase of this
# module), after cli/target/bootcloud.jar exists.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
./python-env.sh
exec .venv/bin/python -m pytest -q -p no:cacheprovider tests "$@"
