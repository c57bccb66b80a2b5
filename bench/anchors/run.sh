#!/usr/bin/env bash
# Issue 16 in one command: the daemon beside the software it is measured against, each pair side by side
# in one run, then a mixed load, each figure printed with its target and PASS/FAIL:
#   raises (one new fingerprint per request)  vs  Debian's prometheus-alertmanager taking one new alert per POST
#   GET /api/slo/budget, GET /api/costs/allow  vs  Debian's nginx(-light) serving the same bytes as static files
#   a mixed load (raises, posts of 10 request events, posts of 5 usage events, GET budget, GET allow) on
#   16 connections for MIXED_SECS: p50, p99, p99.9, and the daemon's resident memory after it.
# The daemon runs through bin/echopilot (the JVM settings the project ships) with the job intervals it
# ships; Alertmanager in memory with its own config (no cluster, a null receiver). Everything on loopback.
#   bench/anchors/run.sh [seconds=10] [connections=32]
# Each pair runs ROUNDS times (default 3), daemon then anchor, back to back; the ratio printed is the median
# of the rounds' ratios (on a shared machine a single pair can be off by a fifth either way).
# Env: ROUNDS (3; 0: the mixed load only), WARMUP_SECS (10, each side before the rounds), MIXED_SECS (600; 0 skips the mixed load), MIXED_CONNECTIONS (16), SKIP_BUILD=1 reuses
# target/echopilot.jar, JAR=path another build, KEEP=1 keeps the temp home, JAVA_OPTS/JAVA_OPTS_EXTRA as
# bin/echopilot takes them. Exit status 1 when a target is missed.
set -euo pipefail
seconds=${1:-10}
connections=${2:-32}
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
export BENCH_LUA_DIR="$repo/bench/incidents"
for tool in wrk prometheus-alertmanager nginx; do
  command -v "$tool" >/dev/null || { echo "$tool is not installed: apt-get install -y wrk prometheus-alertmanager nginx-light" >&2; exit 2; }
done
rounds=${ROUNDS:-3}
mixed_secs=${MIXED_SECS:-600}
mixed_connections=${MIXED_CONNECTIONS:-16}
warmup=${WARMUP_SECS:-10}
. "$repo/bench/daemon.sh"
bench_build "$repo"
# the intervals the daemon ships with (bench_home would set 1h)
export SLO_INTERVAL=${SLO_INTERVAL:-15m} INCIDENT_INTERVAL=${INCIDENT_INTERVAL:-5m} COST_INTERVAL=${COST_INTERVAL:-1h} \
       SCALE_INTERVAL=${SCALE_INTERVAL:-10m}
bench_home anchors-bench
export BENCH_LAUNCHER=1 TELEGRAM_BOT_TOKEN=bench:token TELEGRAM_CHAT_ID=1 TELEGRAM_API_BASE_URL=http://127.0.0.1:9 \
       MODEL_CAPS_JSON='{"gpt-4o":15}'
bench_start
api=http://127.0.0.1:$port

# Alertmanager: in memory, no peers, every alert to a receiver that sends nothing
am_port=$(bench_free_port)
mkdir -p "$home/am"
cat >"$home/am/alertmanager.yml" <<YML
route: {receiver: "null", group_by: ["alertname"]}
receivers: [{name: "null"}]
YML
prometheus-alertmanager --config.file="$home/am/alertmanager.yml" --storage.path="$home/am" \
  --web.listen-address="127.0.0.1:$am_port" --cluster.listen-address= >"$home/am/am.log" 2>&1 &
am=$!

# nginx: the daemon's own answers, as static files
ng_port=$(bench_free_port)
mkdir -p "$home/nginx/www" "$home/nginx/tmp"
curl -sf -X POST -H "X-Dash-Key: $key" "$api/api/slo/refresh" >/dev/null
curl -sf -H "X-Dash-Key: $key" "$api/api/slo/budget" >"$home/nginx/www/budget.json"
curl -sf -H "X-Dash-Key: $key" "$api/api/costs/allow?model=gpt-4o" >"$home/nginx/www/allow.json"
# nginx's workers run as nobody: the files and the folders down to them must be readable
chmod a+rx "$home" "$home/nginx" "$home/nginx/www" && chmod a+r "$home"/nginx/www/*.json
cat >"$home/nginx/nginx.conf" <<CONF
worker_processes 2;
pid $home/nginx/nginx.pid;
error_log $home/nginx/error.log;
daemon off;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $home/nginx/tmp; proxy_temp_path $home/nginx/tmp; fastcgi_temp_path $home/nginx/tmp;
  uwsgi_temp_path $home/nginx/tmp; scgi_temp_path $home/nginx/tmp;
  server {
    listen 127.0.0.1:$ng_port;
    default_type application/json;
    location = /api/slo/budget { alias $home/nginx/www/budget.json; }
    location = /api/costs/allow { alias $home/nginx/www/allow.json; }
  }
}
CONF
nginx -c "$home/nginx/nginx.conf" -p "$home/nginx" &
ng=$!
trap 'kill "$am" "$ng" 2>/dev/null || true; bench_stop' EXIT
for _ in $(seq 1 60); do
  curl -sf -o /dev/null "http://127.0.0.1:$am_port/-/ready" && curl -sf -o /dev/null "http://127.0.0.1:$ng_port/api/slo/budget" && break
  sleep 0.5
done
sleep 2   # the daemon's start-up runs are over

rate() {   # rate SCRIPT URL SECONDS: requests/s of one wrk run (its output kept in wrk.txt)
  wrk -t2 -c"$connections" -d"${3}s" -s "$here/$1" "$2" | tee -a "$home/wrk.txt" | awk '/^requests\/s:/ {print $2}'
}
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
rss_mb() { awk '/^VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$daemon/status"; }
failed=0
verdict() {   # verdict NAME VALUE TARGET-TEXT OK(0|1)
  local v=PASS
  [[ "$4" == 1 ]] || { v=FAIL; failed=1; }
  printf '%-44s %12s   target %-14s %s\n' "$1" "$2" "$3" "$v"
}
at_least() { awk -v a="$1" -v b="$2" 'BEGIN {exit !(a >= b)}' && echo 1 || echo 0; }
at_most() { awk -v a="$1" -v b="$2" 'BEGIN {exit !(a <= b)}' && echo 1 || echo 0; }

export DASH_KEY=$key BENCH_TAG=mixed$RANDOM
echo "daemon resident memory before the load: $(rss_mb) MB; load average $(cut -d' ' -f1-3 /proc/loadavg)"
# a WARNING: queued for the digest, nothing is sent
raise_body='{"severity":"WARNING","msg":"anchor %s %d: queue depth over threshold","source":"bench"}'
# a new alert each (its instance label is new), all of one alertname: one aggregation group, as the daemon puts every
# WARNING into one digest (a new alertname each would also cost Alertmanager a new group, with its timers, per alert)
alert_body='[{"labels":{"alertname":"QueueDepth","instance":"anchor_%s_%d","severity":"warning","source":"bench"},"annotations":{"summary":"queue depth over threshold"}}]'
declare -A url=(
  [raises]=$api/api/incidents/raise [alerts]=http://127.0.0.1:$am_port/api/v2/alerts
  [budget]=$api/api/slo/budget [budget_ng]=http://127.0.0.1:$ng_port/api/slo/budget
  [allow]="$api/api/costs/allow?model=gpt-4o" [allow_ng]=http://127.0.0.1:$ng_port/api/costs/allow)
daemon_ticks() { awk '{print $14 + $15}' "/proc/$daemon/stat"; }
settle() {   # waits (at most 30 s) until the daemon has used under a tenth of a core for a second: work the last
             # side left behind (a WAL checkpoint, the group commit draining) is not counted against the next side
  local before after hz
  hz=$(getconf CLK_TCK)
  for _ in $(seq 1 30); do
    before=$(daemon_ticks); sleep 1; after=$(daemon_ticks)
    (( (after - before) * 10 < hz )) && return 0
  done
}
one() {   # one NAME SECONDS: requests/s, once the daemon is idle
  settle
  # a tag of its own for every run: with one tag, a run would post again the fingerprints (and alerts) of the
  # runs before it, which both sides answer as repeats instead of new items
  export BENCH_TAG=anchor-$1-$(date +%s%N)
  case $1 in
    raises) BODY=$raise_body rate new_each.lua "${url[$1]}" "$2" ;;
    alerts) BODY=$alert_body rate new_each.lua "${url[$1]}" "$2" ;;
    *) rate get.lua "${url[$1]}" "$2" ;;
  esac
}
# warm-up, every side alike: the JIT compiles the raise path late on a busy machine (with 3 s, the
# first round's raises ran at a third of the last one's)
for side in raises alerts budget budget_ng allow allow_ng; do one "$side" "$warmup" >/dev/null; done
declare -A runs ratios
printf '%-6s %-34s %10s %10s %6s %s\n' round pair daemon anchor ratio "load average"
for r in $(seq 1 "$rounds"); do
  for pair in "raises alerts" "budget budget_ng" "allow allow_ng"; do
    read -r ours theirs <<<"$pair"
    a=$(one "$ours" "$seconds"); b=$(one "$theirs" "$seconds")
    runs[$ours]+="$a "; runs[$theirs]+="$b "; ratios[$ours]+="$(ratio "$a" "$b") "
    printf '%-6s %-34s %10s %10s %6s %s\n' "$r" "$ours vs $theirs" "$a" "$b" "$(ratio "$a" "$b")" "$(cut -d' ' -f1 /proc/loadavg)"
  done
done
awk '/^status/ && $2 !~ /^20[02]:/ {bad = 1} END {exit bad}' "$home/wrk.txt" \
  || echo "note: some answers were not 200/202 (see $home/wrk.txt with KEEP=1)"
rss_pairs=$(rss_mb)

if [[ "$mixed_secs" -gt 0 ]]; then
  echo "mixed load: $mixed_connections connections for ${mixed_secs}s (load average $(cut -d' ' -f1-3 /proc/loadavg))"
  wrk -t2 -c"$mixed_connections" -d"${mixed_secs}s" --timeout 10s -s "$here/mixed.lua" "$api" | tee "$home/mixed.txt" \
    | grep -E '^(status|requests|p[0-9]|max)'
  rss_mixed=$(rss_mb)
  sleep 30
  rss_later=$(rss_mb)
fi

echo
echo "=== issue 16 ($connections connections, ${seconds}s a side, $rounds rounds; load average $(cut -d' ' -f1-3 /proc/loadavg))"
if [[ "$rounds" -gt 0 ]]; then   # ROUNDS=0 runs the mixed load only
  for pair in "raises alerts 1.0" "budget budget_ng 0.5" "allow allow_ng 0.5"; do
    read -r ours theirs target <<<"$pair"
    m=$(median <<<"${ratios[$ours]}")
    verdict "$ours / $theirs (median of: ${ratios[$ours]% })" "$m" ">= $target" "$(at_least "$m" "$target")"
  done
  echo "  medians, requests/s: raises $(median <<<"${runs[raises]}"), alerts $(median <<<"${runs[alerts]}"), budget $(median <<<"${runs[budget]}"), nginx $(median <<<"${runs[budget_ng]}"), allow $(median <<<"${runs[allow]}"), nginx $(median <<<"${runs[allow_ng]}")"
  echo "  resident memory after the pairs: $rss_pairs MB"
fi
if [[ "$mixed_secs" -gt 0 ]]; then
  get() { awk -v k="$1" '$1 == k ":" {print $2}' "$home/mixed.txt"; }
  non2xx=$(awk '/^status/ && $2 !~ /^20[02]:/ {n += $3} END {print n + 0}' "$home/mixed.txt")
  echo "  mixed load: $(get requests) requests ($(get requests/s)/s), $non2xx not 2xx"
  verdict "mixed load p50 (ms)" "$(get p50)" "(none)" 1
  verdict "mixed load p99 (ms)" "$(get p99)" "<= 50" "$(at_most "$(get p99)" 50)"
  verdict "mixed load p99.9 (ms)" "$(get p99.9)" "<= 200" "$(at_most "$(get p99.9)" 200)"
  verdict "mixed load: answers not 2xx" "$non2xx" "0" "$(at_most "$non2xx" 0)"
  verdict "resident memory after the mixed load (MB)" "$rss_mixed" "<= 300" "$(at_most "$rss_mixed" 300)"
  echo "  resident memory 30 s later: $rss_later MB"
fi
exit "$failed"
