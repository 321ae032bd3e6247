#!/usr/bin/env bash
# Scale-out figure: ingest, dpp and rewards of one simulated day through spark-submit of the shaded
# jar on a Spark standalone cluster (./bootcloud cluster) with 1 worker x 1 core, then 2 workers x
# 1 core; prints each stage's wall time, the speed-up, and whether both wrote the same tables.
#   dev/scale-out.sh [--contributors N] [--shares N] [--dir DIR]     (defaults 4000, 2000000, var/scale-out)
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
contributors=4000 shares=2000000 dir="$home/var/scale-out"
while (($#)); do
  case "$1" in
    --contributors) contributors=$2; shift 2 ;;
    --shares) shares=$2; shift 2 ;;
    --dir) dir=$2; shift 2 ;;
    *) echo "usage: dev/scale-out.sh [--contributors N] [--shares N] [--dir DIR]" >&2; exit 2 ;;
  esac
done
mkdir -p "$dir"
dir="$(cd "$dir" && pwd)"
source "$home/dev/cluster-env.sh"
day=2026-01-01
landing="$dir/landing-c$contributors-s$shares"
if [[ ! -d "$landing" ]]; then
  # The simulator's devices submit about 106,000 shares per contributor and day at one share a second.
  interval=$(( contributors * 106000 / shares )); (( interval >= 1 )) || interval=1
  "$home/bootcloud" simulate --contributors "$contributors" --days 1 --start "$day" --share-interval "$interval" \
    --out "$landing.tmp" >/dev/null
  mv "$landing.tmp" "$landing"
fi

declare -A seconds hashes

for workers in 1 2; do
  run="$dir/workers-$workers"
  rm -rf "$run"; mkdir -p "$run"
  start_cluster "$run" "$workers" 5g
  submit() {
    # The same partitioning on both clusters, so that only the executors differ.
    "$SPARK_HOME/bin/spark-submit" --driver-memory 3g --conf spark.executor.memory=4g \
      --conf spark.sql.shuffle.partitions=8 --conf spark.databricks.delta.snapshotPartitions=2 \
      --driver-class-path "$jar" --class io.bootcloud.cli.Main "$jar" "$@" --lakehouse "$run/lakehouse"
  }
  for stage in init ingest dpp rewards; do
    args=("$stage")
    case "$stage" in
      ingest) args+=(--date "$day" --landing "$landing" --max-files-per-batch 512) ;;
      dpp|rewards) args+=(--date "$day") ;;
    esac
    start=$(date +%s.%N)
    submit "${args[@]}" >"$run/$stage.out" 2>"$run/$stage.log" || { tail -20 "$run/$stage.log" >&2; exit 1; }
    seconds[$workers,$stage]=$(echo "$(date +%s.%N) - $start" | bc)
    echo "scale-out: $workers worker(s): $stage ${seconds[$workers,$stage]} s" >&2
  done
  for table in silver.shares gold.daily_dpp gold.daily_rewards; do
    cols="*"
    [[ $table == gold.daily_rewards ]] && cols="day, contributor_id, dpp, class, pool, amount"
    [[ $table == gold.daily_dpp ]] && cols="day, contributor_id, dpp, dpp_reported, devices, shares"
    [[ $table == silver.shares ]] && cols="event_id, day, device_id, ts, difficulty"
    hashes[$workers,$table]=$(submit sql --format csv -e "SELECT count(*) || ':' || sha2(concat_ws('|', \
sort_array(collect_list(concat_ws(',', $cols)))), 256) FROM $table" 2>/dev/null | tail -1)
  done
  stop_cluster
done

printf '\n%-8s %12s %12s %9s\n' stage "1 worker" "2 workers" speed-up
for stage in ingest dpp rewards; do
  printf '%-8s %11.1fs %11.1fs %8.2fx\n' "$stage" "${seconds[1,$stage]}" "${seconds[2,$stage]}" \
    "$(echo "${seconds[1,$stage]} / ${seconds[2,$stage]}" | bc -l)"
done
gold1=$(echo "${seconds[1,dpp]} + ${seconds[1,rewards]}" | bc); gold2=$(echo "${seconds[2,dpp]} + ${seconds[2,rewards]}" | bc)
printf '%-8s %11.1fs %11.1fs %8.2fx\n' "dpp+rew" "$gold1" "$gold2" "$(echo "$gold1 / $gold2" | bc -l)"
same=yes
for table in silver.shares gold.daily_dpp gold.daily_rewards; do
  [[ "${hashes[1,$table]}" == "${hashes[2,$table]}" && -n "${hashes[1,$table]}" ]] || same=no
  echo "$table: ${hashes[1,$table]} | ${hashes[2,$table]}"
done
echo "identical output: $same"
[[ $same == yes ]]
