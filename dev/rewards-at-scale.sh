#!/usr/bin/env bash
# Rewards at scale: a synthetic gold.daily_dpp day of N contributors (bootcloud synthetic-dpp), then
# `rewards` for that day through spark-submit of the shaded jar on a Spark standalone cluster
# (./bootcloud cluster, 2 workers x 1 core) with a driver heap of 2 GiB. Prints the wall time and the
# driver's peak RSS, then checks in SQL that every pool pays exactly its budget, that each leftover
# unit went to the pool's largest remainders (ties by contributor id), and that the day's invariants hold.
#   dev/rewards-at-scale.sh [--contributors N] [--driver-memory M] [--max-on-driver N] [--dir DIR]
#                                     (defaults 10000000, 2g, 100000, var/rewards-at-scale)
# --max-on-driver above N computes the day on the driver, as rewards did before the executors could.
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
contributors=10000000 driver_memory=2g dir="$home/var/rewards-at-scale" max_on_driver=100000
while (($#)); do
  case "$1" in
    --max-on-driver) max_on_driver=$2; shift 2 ;;
    --contributors) contributors=$2; shift 2 ;;
    --driver-memory) driver_memory=$2; shift 2 ;;
    --dir) dir=$2; shift 2 ;;
    *) echo "usage: dev/rewards-at-scale.sh [--contributors N] [--driver-memory M] [--max-on-driver N] [--dir DIR]" >&2
       exit 2 ;;
  esac
done
mkdir -p "$dir"
dir="$(cd "$dir" && pwd)"
source "$home/dev/cluster-env.sh"
day=2026-01-01   # the default ruleset's launch day: rewards runs days in order from it
lakehouse="$dir/lakehouse"
rm -rf "$lakehouse"

start=$(date +%s.%N)
"$home/bootcloud" synthetic-dpp --date "$day" --contributors "$contributors" --lakehouse "$lakehouse"
echo "rewards-at-scale: synthetic day written in $(echo "$(date +%s.%N) - $start" | bc) s" >&2

start_cluster "$dir" 2 4g
submit() {
  "$SPARK_HOME/bin/spark-submit" --driver-memory "$driver_memory" --conf spark.executor.memory=3g \
    --conf spark.sql.shuffle.partitions=16 --conf spark.bootcloud.rewards.maxOnDriver="$max_on_driver" \
    --driver-class-path "$jar" --class io.bootcloud.cli.Main "$jar" "$@" \
    --lakehouse "$lakehouse"
}
export -f submit
export jar lakehouse driver_memory max_on_driver

start=$(date +%s.%N)
# %M: the peak RSS of the largest process spark-submit started, its driver JVM.
/usr/bin/time -f '%M' -o "$dir/rewards.rss" bash -c "submit rewards --date $day" >"$dir/rewards.out" \
  2>"$dir/rewards.log" || { tail -30 "$dir/rewards.log" >&2; exit 1; }
seconds=$(echo "$(date +%s.%N) - $start" | bc)
cat "$dir/rewards.out"
printf 'rewards-at-scale: %s contributors, driver heap %s: rewards took %.1f s; driver peak RSS %d MiB\n' \
  "$contributors" "$driver_memory" "$seconds" $(( $(cat "$dir/rewards.rss") / 1024 ))

# The rule, recomputed in SQL from each row's exact floor and remainder: rem = P*dpp mod pool_dpp, and
# floor = (P*dpp - rem) / pool_dpp, a quotient without a fraction (DECIMAL(38,0) holds P*dpp here).
submit sql --format csv -e "
WITH p AS (SELECT contributor_id, pool, amount, pool_budget, pool_dpp, pool_budget * CAST(dpp AS DECIMAL(20,0)) AS share
  FROM gold.daily_rewards WHERE day = DATE'$day'),
r AS (SELECT *, pmod(share, pool_dpp) AS rem, CAST((share - pmod(share, pool_dpp)) / pool_dpp AS DECIMAL(38,0)) AS fl
  FROM p),
ranked AS (SELECT *, row_number() OVER (PARTITION BY pool ORDER BY rem DESC, contributor_id) AS k,
  pool_budget - sum(fl) OVER (PARTITION BY pool) AS leftover FROM r)
SELECT pool, count(*) AS members, max(leftover) AS leftover_units,
  count_if(amount <> fl + CASE WHEN k <= leftover THEN 1 ELSE 0 END) AS off_the_rule,
  sum(amount) = first(pool_budget) AS pays_its_budget FROM ranked GROUP BY pool ORDER BY pool;
SELECT n, count_a, count_b, count_c, count_d, skewness, kurtosis, ks_statistic FROM gold.daily_population_stats
  WHERE day = DATE'$day';
SELECT all_hold FROM audit.daily_invariants WHERE day = DATE'$day'" 2>"$dir/check.log" | tee "$dir/check.csv"
# Three pool rows (pool,members,leftover,off_the_rule,pays_its_budget), each 0 off the rule and true.
pools=$(grep -cE '^(A|BC|D),[0-9]+,[0-9]+,0,true$' "$dir/check.csv" || true)
if [[ $pools != 3 ]] || ! grep -qx true "$dir/check.csv"; then
  echo "rewards-at-scale: FAILED: a pool is off the rule or its budget, or the day's invariants do not hold" >&2
  exit 1
fi
echo "rewards-at-scale: every pool exact, the leftover rule holds, invariants hold"
