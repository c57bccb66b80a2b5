#!/usr/bin/env bash
# Throughput of cluster mode beside a single node: incident raises/s (bench/incidents/raise.lua) and
# request events/s (bench/ingest/ingest.lua) against
#   - one replica on SQLite (CLUSTER_SERVICE=none),
#   - one replica on PostgreSQL (CLUSTER_SERVICE=file, alone: what the database alone costs), and
#   - two replicas on one PostgreSQL schema (CLUSTER_SERVICE=file over a shared folder), loaded at
#     once: one wrk per replica, each with half the connections, rates summed.
# Same jar, same settings, same total connections on both sides; printed side by side, with the
# load average (the machine may be shared). After the ingest, both replicas must count the same
# SLO total, at least the events acknowledged (posts in flight at wrk's stop may add one batch per
# connection).
#   bench/cluster/run.sh [seconds=10] [connections=16] [batch=20]
# Needs wrk, psql and a PostgreSQL reachable by ECHOPILOT_TEST_PG_URL
# (jdbc:postgresql://host:port/db?user=..&password=..); a fresh schema per PostgreSQL side, dropped at the end.
# Env: SKIP_BUILD=1 / JAR=... as in bench/daemon.sh; JAVA_OPTS; KEEP=1 keeps the replicas' folders.
set -euo pipefail
seconds=${1:-10}
connections=${2:-16}
batch=${3:-20}
repo=$(cd "$(dirname "$0")/../.." && pwd)
command -v wrk >/dev/null || { echo "wrk is not installed: apt-get install -y wrk" >&2; exit 2; }
# shellcheck source=../daemon.sh
source "$repo/bench/daemon.sh"
url=${ECHOPILOT_TEST_PG_URL:?set ECHOPILOT_TEST_PG_URL to a jdbc:postgresql:// URL with user and password}
bench_build "$repo"

bench_psql_env "$url"
schemas=()
fresh_schema() { schema=cluster_bench_$RANDOM$RANDOM; psql -q -c "CREATE SCHEMA $schema"; schemas+=("$schema"); }
root=$(mktemp -d /tmp/cluster-bench.XXXXXX)
key=bench-$RANDOM$RANDOM
declare -A pid http
cleanup() {
  for r in "${!pid[@]}"; do kill "${pid[$r]}" 2>/dev/null && { wait "${pid[$r]}" 2>/dev/null || true; }; done
  for s in "${schemas[@]}"; do psql -q -c "SET client_min_messages = warning; DROP SCHEMA $s CASCADE" || true; done
  [[ "${KEEP:-}" == 1 ]] && echo "kept: $root" || rm -rf "$root"
}
trap cleanup EXIT

# start NAME VAR=VALUE...: a daemon from the jar with the common settings and these; waits until it answers.
# A Telegram channel towards a closed local port and hour-long timers, as bench/incidents/run.sh:
# raises really are deduplicated and queued for the digest, and nothing is sent during the run.
start() {
  local name=$1; shift
  local dir=$root/$name
  mkdir -p "$dir"
  http[$name]=$(bench_free_port)
  # shellcheck disable=SC2086
  (cd "$dir" && exec env HTTP_HOST=127.0.0.1 HTTP_PORT=${http[$name]} MANAGEMENT_PORT=$(bench_free_port) DASHBOARD_KEY=$key \
     LOGS_DIR=$dir/logs DATA_DIR=$dir/data SLO_INTERVAL=1h INCIDENT_INTERVAL=1h COST_INTERVAL=1h SCALE_INTERVAL=1h \
     TELEGRAM_BOT_TOKEN=bench:token TELEGRAM_CHAT_ID=1 TELEGRAM_API_BASE_URL=http://127.0.0.1:9 "$@" \
     java ${JAVA_OPTS:-} -jar "$jar" >"$dir/daemon.log" 2>&1) &
  pid[$name]=$!
  bench_wait_answering "${http[$name]}" "$key" 180 "$name" "$dir/daemon.log" || exit 1
}

# load SCRIPT_DIR SCRIPT PATH SECONDS NAME...: one wrk per named daemon at once, connections shared
# out; prints the summed requests/s and the summed 200s.
load() {
  local dir=$1 script=$2 path=$3 secs=$4; shift 4
  local each=$(( connections / $# )) n=0 outs=() wrks=()
  for name in "$@"; do
    n=$((n + 1))
    BENCH_LUA_DIR=$dir BENCH_TAG=$name-$RANDOM$RANDOM DASH_KEY=$key \
      wrk -t$(( 2 / $# )) -c"$each" -d"${secs}s" -s "$dir/$script" "http://127.0.0.1:${http[$name]}$path" >"$root/wrk-$n.txt" &
    wrks+=($!)
    outs+=("$root/wrk-$n.txt")
  done
  wait "${wrks[@]}"
  cat "${outs[@]}" | awk '/^requests\/s:/ {r += $2} /^status 200:/ {ok += $3} /^status [^2]/ {bad += $3}
      END {printf "%d %d %d\n", r, ok, bad}'
}

# side LABEL NAME...: raises/s, then events/s, against the named daemons; appends a result line
results=()
side() {
  local label=$1; shift
  load "$repo/bench/incidents" raise.lua /api/incidents/raise 3 "$@" >/dev/null   # warm-up
  read -r raises raise_ok raise_bad < <(load "$repo/bench/incidents" raise.lua /api/incidents/raise "$seconds" "$@")
  export BENCH_BATCH=$batch BENCH_TS
  BENCH_TS=$(date -u -d '-1 minute' +%Y-%m-%dT%H:%M:%SZ)
  read -r posts posts_ok posts_bad < <(load "$repo/bench/ingest" ingest.lua /api/metrics/requests "$seconds" "$@")
  local totals=()
  for name in "$@"; do
    totals+=("$(curl -sf -X POST -H "X-Dash-Key: $key" -H 'Content-Type: application/json' \
      "http://127.0.0.1:${http[$name]}/api/slo/refresh" | python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["total_requests"])')")
  done
  local acked=$((posts_ok * batch))
  echo "$label: raises $raise_ok answered 200 ($raise_bad other), ingest posts $posts_ok answered 200 ($posts_bad other);" \
       "events acknowledged $acked, SLO total on each replica: ${totals[*]}"
  for t in "${totals[@]}"; do
    (( t == totals[0] && t >= acked && t <= acked + connections * batch )) || { echo "check: FAILED ($label)"; exit 1; }
  done
  results+=("$(printf '%-34s %10d %12d' "$label" "$raises" "$((posts * batch))")")
}

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores)"
start sqlite
side "1 replica, SQLite" sqlite
stop() { kill "${pid[$1]}"; wait "${pid[$1]}" 2>/dev/null || true; unset "pid[$1]"; }
stop sqlite

fresh_schema
start alone DB_URL="$url&currentSchema=$schema" CLUSTER_SERVICE=file CLUSTER_FILE_ROOT="$root/alone-lock" CLUSTER_NODE_ID=alone
side "1 replica, PostgreSQL" alone
stop alone

fresh_schema
pg=(DB_URL="$url&currentSchema=$schema" CLUSTER_SERVICE=file CLUSTER_FILE_ROOT=$root/shared)
start a "${pg[@]}" CLUSTER_NODE_ID=replica-a
start b "${pg[@]}" CLUSTER_NODE_ID=replica-b
side "2 replicas, PostgreSQL (file lock)" a b
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
printf '%-34s %10s %12s\n' "$seconds s, $connections connections" "raises/s" "events/s"
printf '%s\n' "${results[@]}"
echo "check: OK (both sides: the SLO total counts every event acknowledged, the same on every replica)"
