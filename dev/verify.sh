#!/usr/bin/env bash
# Every test of the project: README's test command, and what .ci/run runs.
#
# 1. Builds and installs every module once, without running a test (`mvn install -DskipTests`).
# 2. Then two Maven runs at once:
#    - the whole-pipeline modules (system-tests, airflow-dags, cli-it): `mvn verify` of those three,
#      against the jars step 1 built, two modules at a time (.mvn/maven.config);
#    - every other module's JUnit tests (`mvn surefire:test`: the tests only, so nothing that step 1
#      built, the jars and node_modules the first run uses included, is written again), one module at
#      a time, their output lines prefixed with "[modules] ".
#
# One `mvn verify` ran each module's tests before the modules that depend on it could start: about a
# third of the run was that chain, with part of the two cores idle, before the pipeline tests, which
# need only the jars, began. Now they start once everything is built.
#
# Exits non-zero when either run fails (both always run to their end). Arguments are passed to every
# Maven run (e.g. -o for offline, -Dbootcloud.test.cds=false).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

PIPELINES=system-tests,airflow-dags,cli-it
MODULES=rules,core,test-data,ingestion,dpp-aggregation,reward-jobs,settlement-export,cli,dev

mvn -B -ntp "$@" install -DskipTests

# Stops the module tests too if this script is interrupted.
trap 'trap - INT TERM; kill 0' INT TERM
(
  set -o pipefail
  mvn -B -ntp -T 1 "$@" surefire:test -pl "$MODULES" 2>&1 | sed -u 's/^/[modules] /'
) &
modules=$!

status=0
mvn -B -ntp "$@" verify -pl "$PIPELINES" || status=$?
pipelines=$status
modules_status=0
wait "$modules" || modules_status=$?
echo "verify: module tests $([[ $modules_status == 0 ]] && echo passed || echo "FAILED ($modules_status)");" \
  "whole-pipeline tests $([[ $pipelines == 0 ]] && echo passed || echo "FAILED ($pipelines)")"
if ((modules_status != 0)); then
  status=$modules_status
fi
exit "$status"
