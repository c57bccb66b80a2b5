#!/usr/bin/env bash
# Failover time of cluster mode: two replicas (CLUSTER_SERVICE=file over a shared folder, one
# PostgreSQL schema), N times: kill -9 the leader, time until the other replica says it leads
# (GET /api/cluster/status) and has run a job (its logs/slo_budget.json appears: every job runs once
# when its timer starts on a new leader), restart the killed one as a follower. Prints each time,
# then the median and the worst. Target (issue 13): worst <= 15 s.
#   bench/failover/run.sh [N]          N defaults to 10
# Needs: psql, a PostgreSQL reachable by ECHOPILOT_TEST_PG_URL (jdbc:postgresql://host:port/db?user=..&password=..);
# SKIP_BUILD=1 / JAR=... as in bench/daemon.sh; KEEP=1 keeps the replicas' folders.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=../daemon.sh
source "$repo/bench/daemon.sh"
n=${1:-10}
url=${ECHOPILOT_TEST_PG_URL:?set ECHOPILOT_TEST_PG_URL to a jdbc:postgresql:// URL with user and password}
bench_build "$repo"

bench_psql_env "$url"
schema=failover_$RANDOM$RANDOM
psql -q -c "CREATE SCHEMA $schema"
root=$(mktemp -d /tmp/failover.XXXXXX)
declare -A pid http dir
cleanup() {
  for r in a b; do [[ -n "${pid[$r]:-}" ]] && kill "${pid[$r]}" 2>/dev/null && { wait "${pid[$r]}" 2>/dev/null || true; }; done
  psql -q -c "SET client_min_messages = warning; DROP SCHEMA $schema CASCADE" || true
  [[ "${KEEP:-}" == 1 ]] && echo "kept: $root" || rm -rf "$root"
}
trap cleanup EXIT

start() { # start REPLICA: a fresh LOGS_DIR, the same node id and data folder as before
  local r=$1
  dir[$r]=$root/$r; rm -rf "${dir[$r]}/logs"; mkdir -p "${dir[$r]}"
  http[$r]=$(bench_free_port)
  (cd "${dir[$r]}" && ECHOPILOT_JAR=$jar CLUSTER_SERVICE=file CLUSTER_FILE_ROOT=$root/shared CLUSTER_NODE_ID=replica-$r \
     DB_URL="$url&currentSchema=$schema" HTTP_HOST=127.0.0.1 HTTP_PORT=${http[$r]} MANAGEMENT_PORT=$(bench_free_port) \
     DASHBOARD_KEY=bench LOGS_DIR=${dir[$r]}/logs DATA_DIR=${dir[$r]}/data \
     SLO_INTERVAL=1h INCIDENT_INTERVAL=1h COST_INTERVAL=1h SCALE_INTERVAL=1h \
     exec "$repo/bin/echopilot" >>"${dir[$r]}/daemon.log" 2>&1) &
  pid[$r]=$!
}
role() { curl -s -m 2 -H 'X-Dash-Key: bench' "http://127.0.0.1:${http[$1]}/api/cluster/status" | sed -n 's/.*"role":"\([a-z]*\)".*/\1/p'; }
wait_role() { # wait_role REPLICA ROLE: up to 180 s
  for _ in $(seq 1 900); do [[ "$(role "$1")" == "$2" ]] && return 0; sleep 0.2; done
  echo "replica $1 is not $2 after 180 s; see ${dir[$1]}/daemon.log" >&2; exit 1
}

start a; wait_role a leader
start b; wait_role b follower
leader=a; follower=b
times=()
for i in $(seq 1 "$n"); do
  [[ -f ${dir[$follower]}/logs/slo_budget.json ]] && { echo "the follower ran a job before the kill" >&2; exit 1; }
  t0=$(date +%s%N)
  kill -9 "${pid[$leader]}"; wait "${pid[$leader]}" 2>/dev/null || true
  until [[ -f ${dir[$follower]}/logs/slo_budget.json && "$(role "$follower")" == leader ]]; do
    (( ($(date +%s%N) - t0) / 1000000 < 60000 )) || { echo "no failover within 60 s" >&2; exit 1; }
    sleep 0.05
  done
  ms=$(( ($(date +%s%N) - t0) / 1000000 ))
  times+=("$ms")
  printf 'kill %2d: replica-%s -> replica-%s leads and ran the SLO job after %5d ms\n' "$i" "$leader" "$follower" "$ms"
  start "$leader"; wait_role "$leader" follower
  tmp=$leader; leader=$follower; follower=$tmp
done
printf '%s\n' "${times[@]}" | sort -n | awk -v n="$n" '{ t[NR] = $1 } END {
  m = (n % 2) ? t[(n + 1) / 2] : (t[n / 2] + t[n / 2 + 1]) / 2
  printf "failover over %d kill -9 of the leader: median %.1f s, worst %.1f s (target: worst <= 15 s)\n", n, m / 1000, t[n] / 1000 }'
