#!/usr/bin/env bash
# Soak: the daemon from the jar under a mixed load for DURATION seconds, to show that disk stays bounded.
#   bench/soak/run.sh                 # 10 minutes
#   DURATION=120 bench/soak/run.sh    # shorter
# Prints, before and after the load: the state DB size (with its WAL), the size of LOGS_DIR and of each
# NDJSON file and its rotated copies, and the rows of every state table. Rows that their purge must remove
# (delivered and refused outbox pages, raises and usage minutes older than their retention) are seeded,
# dated 3 days back, before the daemon starts; the check wants them gone and the SLO's total equal to the
# request events the daemon acknowledged (so no rotation lost or repeated one).
# Env: DURATION (600), THREADS (2; one connection each, paced by DELAY_MS=4 ms a request), LOGS_MAX_MB (1),
# LOGS_KEEP (3), SKIP_BUILD=1 reuses target/echopilot.jar, KEEP=1 keeps the temp home.
set -euo pipefail
duration=${DURATION:-600}
threads=${THREADS:-2}
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
command -v wrk >/dev/null || { echo "wrk is not installed: apt-get install -y wrk" >&2; exit 2; }
command -v python3 >/dev/null || { echo "python3 is needed (the fake Telegram, sqlite3 counts)" >&2; exit 2; }
jar=${JAR:-$repo/target/echopilot.jar}
if [[ "${SKIP_BUILD:-}" != 1 && -z "${JAR:-}" ]]; then
  (cd "$repo" && mvn -B -q -DskipTests package)
fi

home=$(mktemp -d /tmp/soak-bench.XXXXXX)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
port=$(free_port)
tg_port=$(free_port)
key=soak-$RANDOM$RANDOM
export HTTP_HOST=127.0.0.1 HTTP_PORT=$port MANAGEMENT_PORT=$(free_port) DASHBOARD_KEY=$key \
       LOGS_DIR=$home/logs DATA_DIR=$home/data \
       LOGS_MAX_MB=${LOGS_MAX_MB:-1} LOGS_KEEP=${LOGS_KEEP:-3} \
       SLO_INTERVAL=30s INCIDENT_INTERVAL=1m COST_INTERVAL=1m SCALE_INTERVAL=1m INCIDENT_DEDUP_WINDOW_MIN=2 \
       TELEGRAM_BOT_TOKEN=soak:token TELEGRAM_CHAT_ID=1 TELEGRAM_API_BASE_URL=http://127.0.0.1:$tg_port

# a Telegram that accepts every message, so CRITICAL pages are delivered and their outbox rows finish
python3 - "$tg_port" >"$home/telegram.log" 2>&1 <<'PY' &
import json, sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
class Bot(BaseHTTPRequestHandler):
    def answer(self):
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        result = [] if self.path.endswith("/getUpdates") else {"message_id": 1, "date": 1700000000,
                                                                 "chat": {"id": 1, "type": "group"}, "text": "ok"}
        body = json.dumps({"ok": True, "result": result}).encode()
        self.send_response(200); self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body))); self.end_headers(); self.wfile.write(body)
    do_GET = do_POST = answer
    def log_message(self, *a): pass
ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Bot).serve_forever()
PY
telegram=$!
daemon=
stop_daemon() {
  if [[ -n "$daemon" ]]; then kill "$daemon" 2>/dev/null && wait "$daemon" 2>/dev/null || true; daemon=; fi
}
cleanup() {
  stop_daemon
  kill "$telegram" 2>/dev/null || true
  [[ "${KEEP:-}" == 1 ]] && echo "kept: $home" || rm -rf "$home"
}
trap cleanup EXIT
start_daemon() {
  (cd "$home" && exec java ${JAVA_OPTS:-} -jar "$jar" >>"$home/daemon.log" 2>&1) &
  daemon=$!
  for _ in $(seq 1 240); do
    curl -sf -o /dev/null -H "X-Dash-Key: $key" "http://127.0.0.1:$port/api/slo/budget" && return 0
    kill -0 "$daemon" 2>/dev/null || { echo "the daemon stopped; see $home/daemon.log" >&2; tail -5 "$home/daemon.log" >&2; exit 1; }
    sleep 0.5
  done
  echo "the daemon did not answer within 120 s" >&2; exit 1
}

# the first start creates the schema (and the first job runs write their first lines); the rows a purge
# must remove are seeded while it is stopped
start_daemon
stop_daemon
python3 - "$home/data/echopilot.db" <<'PY'
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1])
old = int((time.time() - 3 * 86400) * 1000)
for i in range(500):
    db.execute("INSERT INTO incident_outbox (id, channel, kind, fingerprint, subject, text, created_at, attempts,"
               " failed_attempts, delivered_at, refused_at) VALUES (?, 'telegram', 'page', 'seedseedseed', 's', 't', ?, 1, 0, ?, NULL)",
               (f"seed-delivered-{i}", old, old))
    db.execute("INSERT INTO incident_outbox (id, channel, kind, fingerprint, subject, text, created_at, attempts,"
               " failed_attempts, delivered_at, refused_at) VALUES (?, 'telegram', 'page', 'seedseedseed', 's', 't', ?, 1, 1, NULL, ?)",
               (f"seed-refused-{i}", old, old))
    # a minute apart: the start-up check of raises against incidents.ndjson looks at the newest minute only
    db.execute("INSERT INTO incident_raises (ts, severity, source, fingerprint, msg, suppressed) VALUES (?, 'ERROR', 'seed', ?, 'seeded', 0)",
               (old - i * 60000, f"seed{i:08d}"))
    db.execute("INSERT INTO cost_usage_minutes (model, bucket_start, nano_usd, events) VALUES ('seed-model', ?, 1000, 1)",
               (old - old % 60000 - i * 60000,))
db.commit()
PY

report() {   # $1: before|after
  echo "== $1 ($(date -u +%FT%TZ), load average $(cut -d' ' -f1-3 /proc/loadavg))"
  echo "state DB: $(du -cb "$home"/data/echopilot.db* | tail -1 | cut -f1) bytes (with WAL and SHM)"
  echo "LOGS_DIR: $(du -sb "$home/logs" | cut -f1) bytes in $(find "$home/logs" -type f | wc -l) files"
  # every history, also one whose current file is not there yet (rotated, nothing appended since)
  for f in $(find "$home/logs" -name '*.ndjson*' | sed 's/\.ndjson\..*$/.ndjson/' | sort -u); do
    printf '  %-24s %9s bytes, %s rotated copies, %s bytes in all\n' "$(basename "$f")" "$(stat -c %s "$f" 2>/dev/null || echo 0)" \
      "$(find "$home/logs" -name "$(basename "$f").*" | wc -l)" "$(cat "$f" "$f".* 2>/dev/null | wc -c)"
  done
  python3 - "$home/data/echopilot.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
print("rows: " + ", ".join(f"{t} {db.execute(f'SELECT COUNT(*) FROM {t}').fetchone()[0]}" for t in tables))
q = lambda sql: db.execute(sql).fetchone()[0]
left = {name: q(sql) for name, sql in [
    ("outbox", "SELECT COUNT(*) FROM incident_outbox WHERE id LIKE 'seed-%'"),
    ("raises", "SELECT COUNT(*) FROM incident_raises WHERE source = 'seed'"),
    ("usage minutes", "SELECT COUNT(*) FROM cost_usage_minutes WHERE model = 'seed-model'")]}
print(f"outbox: delivered {q('SELECT COUNT(*) FROM incident_outbox WHERE delivered_at IS NOT NULL')},"
      f" refused {q('SELECT COUNT(*) FROM incident_outbox WHERE refused_at IS NOT NULL')},"
      f" pending {q('SELECT COUNT(*) FROM incident_outbox WHERE delivered_at IS NULL AND refused_at IS NULL')};"
      " seeded rows (3 days old) left: " + ", ".join(f"{k} {v}" for k, v in left.items()))
PY
}

report before   # the seeded state, as the daemon finds it at start
start_daemon
export DASH_KEY=$key BENCH_TAG=soak$RANDOM BENCH_LUA_DIR=$here
wrk -t"$threads" -c"$threads" -d"${duration}s" --timeout 10s -s "$here/mixed.lua" "http://127.0.0.1:$port" | tee "$home/wrk.txt"
sleep 65   # one more run of every job (SLO every 30 s, the others every minute) folds and purges the last of it
report after

acked=$(awk '/^accepted request events:/ {print $4}' "$home/wrk.txt")
python3 - "$home" "$acked" "$port" "$key" "$LOGS_MAX_MB" "$LOGS_KEEP" <<'PY'
import glob, json, os, sqlite3, sys, urllib.request
home, acked, port, key, max_mb, keep = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], float(sys.argv[5]), int(sys.argv[6])
req = urllib.request.Request(f"http://127.0.0.1:{port}/api/slo/budget", headers={"X-Dash-Key": key})
total = json.load(urllib.request.urlopen(req))["data"]["total_requests"]
torn = 0
for f in glob.glob(home + "/logs/*.ndjson*"):
    with open(f, encoding="utf-8") as fh:
        for line in fh:
            try:
                json.loads(line)
            except ValueError:
                torn += 1
limit = max_mb * 1024 * 1024
# an output file is rotated before an append would take it past the limit; an input only once it is folded, at
# the next catch-up (requests: SLO every 30 s; usage: costs every minute), so it holds what arrives meanwhile
inputs = ("requests.ndjson", "ai_usage.ndjson")
sizes = {os.path.basename(f): os.path.getsize(f) for f in glob.glob(home + "/logs/*.ndjson*")}
over = [f"{n} {s}" for n, s in sizes.items() if s > limit and not n.startswith(inputs)]
print("largest input files: " + ", ".join([f"{n} {s}" for n, s in sorted(sizes.items(), key=lambda i: -i[1]) if n.startswith(inputs)][:4]))
beyond = [os.path.basename(f) for f in glob.glob(home + "/logs/*.ndjson.*") if int(f.rsplit(".", 1)[1]) > keep]
db = sqlite3.connect(home + "/data/echopilot.db")
seeded = db.execute("SELECT (SELECT COUNT(*) FROM incident_outbox WHERE id LIKE 'seed-%') + (SELECT COUNT(*) FROM incident_raises"
                    " WHERE source = 'seed') + (SELECT COUNT(*) FROM cost_usage_minutes WHERE model = 'seed-model')").fetchone()[0]
print(f"check: request events acknowledged {acked}, SLO total_requests {total}; unparseable lines {torn};"
      f" output files over LOGS_MAX_MB {over}; rotated files beyond LOGS_KEEP {beyond}; seeded rows left {seeded}")
ok = acked > 0 and total == acked and torn == 0 and not over and not beyond and seeded == 0
print("check: OK" if ok else "check: FAILED")
sys.exit(0 if ok else 1)
PY
echo "ERROR/WARN lines in the daemon log: $(grep -c ' ERROR \| WARN ' "$home/daemon.log" || true)"
grep ' ERROR \| WARN ' "$home/daemon.log" | sed 's/^[^ ]* //' | cut -c1-160 | sort | uniq -c | sort -rn | head -8 || true
