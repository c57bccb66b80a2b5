#!/usr/bin/env bash
# The daemon beside the software it is measured against, each pair in one run (issue 16):
#   raises (one new fingerprint per request)  vs  Debian's prometheus-alertmanager taking one new alert per POST
#   GET /api/slo/budget, GET /api/costs/allow  vs  Debian's nginx(-light) serving the same bytes as static files
# then the daemon's resident memory after the load. The daemon runs through bin/echopilot (the JVM
# settings the project ships); Alertmanager in memory with its own config (no cluster, a null receiver).
#   bench/anchors/run.sh [seconds=15] [connections=32]
# Env: SKIP_BUILD=1 reuses target/echopilot.jar; JAR=path another build; KEEP=1 keeps the temp home.
set -euo pipefail
seconds=${1:-15}
connections=${2:-32}
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
export BENCH_LUA_DIR="$repo/bench/incidents"
for tool in wrk prometheus-alertmanager nginx; do
  command -v "$tool" >/dev/null || { echo "$tool is not installed: apt-get install -y wrk prometheus-alertmanager nginx-light" >&2; exit 2; }
done
. "$repo/bench/daemon.sh"
bench_build "$repo"
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

rate() { wrk -t2 -c"$connections" -d"${seconds}s" -s "$here/$1" "$2" | tee -a "$home/wrk.txt" | awk '/^requests\/s:/ {print $2}'; }
ok() { awk '/^status/ && $2 !~ /^20[02]:/ {bad = 1} END {exit bad}' "$home/wrk.txt"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
rss() { awk '/^VmRSS/ {printf "%.0f MB", $2 / 1024}' "/proc/$daemon/status"; }

export DASH_KEY=$key BENCH_TAG=anchor$RANDOM
echo "daemon resident memory before the load: $(rss)"
# a WARNING: queued for the digest, nothing is sent
raises=$(BODY='{"severity":"WARNING","msg":"anchor %s %d: queue depth over threshold","source":"bench"}' \
  rate new_each.lua "$api/api/incidents/raise")
alerts=$(BODY='[{"labels":{"alertname":"anchor_%s_%d","severity":"warning","source":"bench"},"annotations":{"summary":"queue depth over threshold"}}]' \
  rate new_each.lua "http://127.0.0.1:$am_port/api/v2/alerts")
budget=$(rate get.lua "$api/api/slo/budget")
budget_ng=$(rate get.lua "http://127.0.0.1:$ng_port/api/slo/budget")
allow=$(rate get.lua "$api/api/costs/allow?model=gpt-4o")
allow_ng=$(rate get.lua "http://127.0.0.1:$ng_port/api/costs/allow")
ok || echo "note: some answers were not 200/202 (see $home/wrk.txt with KEEP=1)"
printf '%-34s %10s %10s %6s\n' "pair ($connections connections, ${seconds}s)" daemon anchor ratio
printf '%-34s %10s %10s %6s\n' "raises vs alertmanager alerts" "$raises" "$alerts" "$(ratio "$raises" "$alerts")"
printf '%-34s %10s %10s %6s\n' "GET /api/slo/budget vs nginx" "$budget" "$budget_ng" "$(ratio "$budget" "$budget_ng")"
printf '%-34s %10s %10s %6s\n' "GET /api/costs/allow vs nginx" "$allow" "$allow_ng" "$(ratio "$allow" "$allow_ng")"
echo "daemon resident memory after the load: $(rss)"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
