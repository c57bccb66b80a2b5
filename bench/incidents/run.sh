#!/usr/bin/env bash
# Incident raise benchmark: the daemon from the jar in its own process, wrk as the load generator.
#   bench/incidents/run.sh [raise|floor] [connections=32] [seconds=15]
# raise: POST /api/incidents/raise (90 % new WARNING/ERROR fingerprints, 10 % repeats), then checks
#        that every 200 is a raise line in logs/incidents.ndjson and every queued fingerprint holds
#        the dedup claim on its incident in the state DB (incident_states.paged_at).
#        floor: GET /api/slo/budget, the HTTP + API door alone.
# A Telegram channel is configured towards a closed local port and INCIDENT_INTERVAL is 1h, so new
# raises really are queued for the digest and deduplicated, and nothing is sent during the run.
# Env: SKIP_BUILD=1 reuses target/echopilot.jar; JAR=path runs another build (A/B); JAVA_OPTS (e.g. a JFR
# recording); KEEP=1 keeps the temp home.
set -euo pipefail
mode=${1:-raise}
connections=${2:-32}
seconds=${3:-15}
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
export BENCH_LUA_DIR="$here"
command -v wrk >/dev/null || { echo "wrk is not installed: apt-get install -y wrk" >&2; exit 2; }
. "$repo/bench/daemon.sh"
bench_build "$repo"
bench_home incident-bench
export TELEGRAM_BOT_TOKEN=bench:token TELEGRAM_CHAT_ID=1 TELEGRAM_API_BASE_URL=http://127.0.0.1:9
bench_start
sleep 2   # the start-up runs (delay 1 s) finish before the load

# CPU seconds the daemon used (user + system, and system alone): on a shared machine, CPU per
# request is steadier than the rate
cpu() { awk -v hz="$(getconf CLK_TCK)" '{printf "%.2f %.2f", ($14 + $15) / hz, $15 / hz}' "/proc/$daemon/stat"; }
measured() {   # wrk output on stdin, "cpu sys" before as $1: adds the daemon's CPU per request
  local out
  out=$(cat); echo "$out"
  awk -v now="$(cpu)" -v before="$1" '/ requests in / {n = $1}
      END {split(now, a, " "); split(before, b, " "); c = a[1] - b[1]
           if (n > 0) printf "daemon CPU: %.1f s (system %.1f s), %.0f us per request (%.0f requests/s per core)\n",
                             c, a[2] - b[2], 1e6 * c / n, n / c}' <<<"$out"
}
url=http://127.0.0.1:$port
export DASH_KEY=$key
if [[ "$mode" == floor ]]; then
  wrk -t2 -c"$connections" -d5s -s "$here/floor.lua" "$url/api/slo/budget" >/dev/null
  before=$(cpu)
  wrk -t2 -c"$connections" -d"${seconds}s" --latency -s "$here/floor.lua" "$url/api/slo/budget" | measured "$before"
  exit 0
fi

BENCH_TAG=warm wrk -t2 -c"$connections" -d5s -s "$here/raise.lua" "$url/api/incidents/raise" | tee "$home/warm.txt" | grep '^status'
before=$(cpu)
BENCH_TAG=run$RANDOM wrk -t2 -c"$connections" -d"${seconds}s" --latency -s "$here/raise.lua" "$url/api/incidents/raise" \
  | measured "$before" | tee "$home/run.txt"

# Every acknowledged raise is a line in incidents.ndjson, and every fingerprint queued (routing
# digest, not deduplicated) holds the dedup claim on its incident.
acked=$(cat "$home/warm.txt" "$home/run.txt" | awk '/^status 200:/ {s += $3} END {print s + 0}')
python3 - "$home" "$acked" <<'PY'
import json, sqlite3, sys
home, acked = sys.argv[1], int(sys.argv[2])
raises, queued = 0, set()
with open(home + "/logs/incidents.ndjson", encoding="utf-8") as f:
    for line in f:
        e = json.loads(line)
        if e.get("event") == "raise" and e.get("source") == "bench":
            raises += 1
            if not e["deduplicated"] and e["channels"]:
                queued.add(e["fingerprint"])
db = sqlite3.connect(home + "/data/echopilot.db")
dedup = {r[0] for r in db.execute("SELECT fingerprint FROM incident_states WHERE paged_at IS NOT NULL")}
missing = queued - dedup
print(f"check: 200 responses {acked}, raise lines in incidents.ndjson {raises}, "
      f"queued fingerprints {len(queued)}, of them without a dedup claim {len(missing)}")
ok = raises >= acked and not missing
print("check: OK" if ok else "check: FAILED")
sys.exit(0 if ok else 1)
PY
