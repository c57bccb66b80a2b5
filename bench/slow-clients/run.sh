#!/usr/bin/env bash
# Idle and slowloris connections against the daemon from the jar, in its own process.
#   bench/slow-clients/run.sh [idle=500] [slowloris=50] [HTTP_IDLE_TIMEOUT=30s] [give up after seconds=120]
# Opens the idle sockets (connect, send nothing) and the slowloris ones (a request head sent one
# byte a second, never finished), times a normal request meanwhile, and reports the daemon's open
# files before, during and after, and when the server closed the last attack connection.
# Env: SKIP_BUILD=1 reuses target/echopilot.jar; JAR=path runs another build (A/B); KEEP=1 keeps the temp home.
set -euo pipefail
idle=${1:-500}
slow=${2:-50}
timeout=${3:-30s}
limit=${4:-120}
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
. "$repo/bench/daemon.sh"
bench_build "$repo"
bench_home slow-clients-bench
export HTTP_IDLE_TIMEOUT=$timeout
bench_start

python3 - "$port" "$key" "$daemon" "$idle" "$slow" "$limit" <<'PY'
import os, selectors, socket, sys, time, urllib.request
port, key, pid, n_idle, n_slow, limit = int(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
fds = lambda: len(os.listdir(f"/proc/{pid}/fd"))
def normal():
    t = time.monotonic()
    req = urllib.request.Request(f"http://127.0.0.1:{port}/api/slo/budget", headers={"X-Dash-Key": key})
    with urllib.request.urlopen(req, timeout=30) as r:
        r.read()
    return (time.monotonic() - t) * 1000
head = b"GET /api/slo/budget HTTP/1.1\r\nHost: x\r\nX-Pad: " + b"a" * 4000
print(f"daemon open files before: {fds()}; a normal request: {normal():.1f} ms")
sel = selectors.DefaultSelector()
start = time.monotonic()
open_socks = {}
for i in range(n_idle + n_slow):
    s = socket.create_connection(("127.0.0.1", port))
    s.setblocking(False)
    kind = "slow" if i >= n_idle else "idle"
    open_socks[s] = [kind, 0]
    sel.register(s, selectors.EVENT_READ)
time.sleep(2)
print(f"{n_idle} idle + {n_slow} slowloris open: daemon open files {fds()}; a normal request: {normal():.1f} ms")
closed_at = {}
next_byte = time.monotonic()
while open_socks and time.monotonic() - start < limit:
    for key_, _ in sel.select(timeout=0.1):
        s = key_.fileobj
        try:
            gone = s.recv(4096) == b""
        except (ConnectionResetError, BlockingIOError) as e:
            gone = not isinstance(e, BlockingIOError)
        if gone:
            closed_at[open_socks[s][0]] = time.monotonic() - start
            sel.unregister(s); s.close(); del open_socks[s]
    if time.monotonic() >= next_byte:
        next_byte += 1.0
        for s, state in list(open_socks.items()):
            if state[0] == "slow" and state[1] < len(head):
                try:
                    s.send(head[state[1]:state[1] + 1]); state[1] += 1
                except OSError:
                    pass
left = len(open_socks)
print(f"last idle connection closed by the server after {closed_at.get('idle', float('nan')):.1f} s, "
      f"last slowloris after {closed_at.get('slow', float('nan')):.1f} s; still open after {time.monotonic() - start:.0f} s: {left}")
time.sleep(1)
print(f"daemon open files after: {fds()}; a normal request: {normal():.1f} ms")
PY
grep -c " ERROR " "$home/daemon.log" | xargs -I{} echo "ERROR lines in the daemon log: {}"
