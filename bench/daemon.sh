# Sourced by the bench scripts: build (unless SKIP_BUILD=1 or JAR=...), a temp home, free loopback
# ports, a key, and the daemon from the jar in its own process, stopped (and its home removed unless
# KEEP=1) when the script exits. Set extra settings as exported variables before bench_start.
#   bench_build REPO            sets jar
#   bench_home NAME             sets home, port, key and the common settings (exported)
#   bench_wait_answering ...    waits until a daemon answers (see below)
#   bench_start                 starts the daemon (JAVA_OPTS honoured; BENCH_LAUNCHER=1: through bin/echopilot,
#                               with the JVM settings the project ships), sets daemon, waits until it answers
bench_free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

bench_build() {
  bench_repo=$1
  jar=${JAR:-$1/target/echopilot.jar}
  if [[ "${SKIP_BUILD:-}" != 1 && -z "${JAR:-}" ]]; then
    (cd "$1" && mvn -B -q -DskipTests package)
  fi
}

bench_home() {
  home=$(mktemp -d "/tmp/$1.XXXXXX")
  port=$(bench_free_port)
  key=bench-$RANDOM$RANDOM
  export HTTP_HOST=127.0.0.1 HTTP_PORT=$port MANAGEMENT_PORT=$(bench_free_port) DASHBOARD_KEY=$key \
         LOGS_DIR=$home/logs DATA_DIR=$home/data \
         SLO_INTERVAL=${SLO_INTERVAL:-1h} INCIDENT_INTERVAL=${INCIDENT_INTERVAL:-1h} \
         COST_INTERVAL=${COST_INTERVAL:-1h} SCALE_INTERVAL=${SCALE_INTERVAL:-1h}
}

bench_stop() {
  kill "$daemon" 2>/dev/null && wait "$daemon" 2>/dev/null || true
  [[ "${KEEP:-}" == 1 ]] && echo "kept: $home" || rm -rf "$home"
}

bench_start() {
  if [[ "${BENCH_LAUNCHER:-}" == 1 ]]; then
    (cd "$home" && ECHOPILOT_JAR=$jar exec "$bench_repo/bin/echopilot" >"$home/daemon.log" 2>&1) &
  else
    # shellcheck disable=SC2086
    (cd "$home" && exec java ${JAVA_OPTS:-} -jar "$jar" >"$home/daemon.log" 2>&1) &
  fi
  daemon=$!
  trap bench_stop EXIT
  bench_wait_answering "$port" "$key" 60 "the daemon" "$home/daemon.log"
}

# bench_wait_answering PORT KEY SECONDS NAME LOG: waits until a daemon on PORT answers GET /api/slo/budget
bench_wait_answering() {
  for _ in $(seq 1 $(($3 * 2))); do
    curl -sf -o /dev/null -H "X-Dash-Key: $2" "http://127.0.0.1:$1/api/slo/budget" && return 0
    sleep 0.5
  done
  echo "$4 did not answer within $3 s; see $5" >&2
  return 1
}

# bench_psql_env JDBC_URL: exports PGHOST, PGPORT, PGDATABASE, PGUSER and PGPASSWORD from a
# jdbc:postgresql://host:port/db?user=..&password=.. URL, so that psql reaches the same database
bench_psql_env() {
  local url=$1 hostport_db hostport db query
  hostport_db=${url#jdbc:postgresql://}; hostport=${hostport_db%%/*}; db=${hostport_db#*/}; db=${db%%\?*}
  query=${url#*\?}
  export PGHOST=${hostport%%:*} PGPORT=${hostport##*:} PGDATABASE=$db
  PGUSER=$(printf '%s\n' "$query" | tr '&' '\n' | sed -n 's/^user=//p')
  PGPASSWORD=$(printf '%s\n' "$query" | tr '&' '\n' | sed -n 's/^password=//p')
  export PGUSER PGPASSWORD
}
