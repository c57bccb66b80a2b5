#!/usr/bin/env bash
# Request-event ingest over HTTP: the daemon from the jar in its own process, wrk posting NDJSON
# batches to POST /api/metrics/requests (each post is appended to METRICS_REQUESTS_FILE and, since
# the HA work, folded into the state database before its 200). Prints posts/s and events/s, then
# checks that an SLO refresh counts every event acknowledged, once (posts still in flight when wrk
# stops are answered to nobody but may be counted: at most one per connection).
#   bench/ingest/run.sh [connections=8] [seconds=10] [batch=20]
# Env: SKIP_BUILD=1 reuses target/echopilot.jar; JAR=path runs another build (A/B); KEEP=1 keeps the temp home.
set -euo pipefail
connections=${1:-8}
seconds=${2:-10}
batch=${3:-20}
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
export BENCH_LUA_DIR="$here" BENCH_BATCH=$batch
export BENCH_TS=$(date -u -d '-1 minute' +%Y-%m-%dT%H:%M:%SZ)
command -v wrk >/dev/null || { echo "wrk is not installed: apt-get install -y wrk" >&2; exit 2; }
. "$repo/bench/daemon.sh"
bench_build "$repo"
bench_home ingest-bench
bench_start
sleep 2
url=http://127.0.0.1:$port
export DASH_KEY=$key
wrk -t2 -c"$connections" -d"${seconds}s" --latency -s "$here/ingest.lua" "$url/api/metrics/requests" | tee "$home/run.txt" \
  | grep -E '^(status|requests/s|p50|p99):'
posts=$(awk '/^status 200:/ {print $3}' "$home/run.txt")
rate=$(awk '/^requests\/s:/ {print $2}' "$home/run.txt")
echo "events/s: $((rate * batch)) ($batch per post)"
total=$(curl -sf -X POST -H "X-Dash-Key: $key" -H 'Content-Type: application/json' "$url/api/slo/refresh" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["total_requests"])')
acked=$((posts * batch))
echo "check: events acknowledged $acked, SLO total $total (in flight at the stop: at most $((connections * batch)))"
(( total >= acked && total <= acked + connections * batch )) && echo "check: OK" || { echo "check: FAILED"; exit 1; }
