# Sourced by the dev scripts that run jobs on a local Spark standalone cluster (dev/scale-out.sh,
# dev/rewards-at-scale.sh): builds the engine when needed, sets SPARK_HOME to the pinned pyspark,
# and starts and stops one cluster (./bootcloud cluster) at a time, stopped on exit.
#   source "$home/dev/cluster-env.sh"; start_cluster DIR WORKERS MEMORY; ...; stop_cluster
jar="$home/cli/target/bootcloud.jar"
"$home/bootcloud" --version >/dev/null   # builds the engine and its jar when needed
export SPARK_HOME="${SPARK_HOME:-$("$home/airflow-dags/python-env.sh" --spark-home)}" SPARK_LOCAL_IP=127.0.0.1
cluster_pid=""

# A cluster of WORKERS one-core workers of MEMORY each, with its state and logs under DIR/cluster;
# exports SPARK_CONF_DIR for spark-submit once the master sees every worker.
start_cluster() {
  local dir=$1 workers=$2 memory=$3
  rm -rf "$dir/cluster"
  "$home/bootcloud" cluster --workers "$workers" --cores 1 --memory "$memory" --port 0 --dir "$dir/cluster" \
    >"$dir/cluster.out" 2>&1 &
  cluster_pid=$!
  for _ in $(seq 600); do [[ -f "$dir/cluster/conf/spark-defaults.conf" ]] && break; sleep 0.2; done
  [[ -f "$dir/cluster/conf/spark-defaults.conf" ]] || { cat "$dir/cluster.out" >&2; exit 1; }
  export SPARK_CONF_DIR="$dir/cluster/conf"
}

stop_cluster() {
  if [[ -n "$cluster_pid" ]]; then kill "$cluster_pid" 2>/dev/null || true; wait "$cluster_pid" 2>/dev/null || true; fi
  cluster_pid=""
}
trap stop_cluster EXIT
