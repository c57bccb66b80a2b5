#!/usr/bin/env bash
# Checks the deploy files the way CI does (.ci/run calls this; needs systemd-analyze, systemd-sysusers):
#   - deploy/echopilot.service: `systemd-analyze verify` prints nothing (it only warns about unknown keys
#     and bad values, with exit code 0, so any output fails), and the offline security exposure <= 2.0;
#   - the same with deploy/two-hosts/echopilot-cluster.conf as a drop-in;
#   - deploy/echopilot.sysusers.conf parses and creates the user (dry run into a scratch root);
#   - bin/echopilot is valid sh;
#   - deploy/prometheus: the rules pass `promtool check rules` and their tests `promtool test rules`,
#     the example configuration `promtool check config` (needs promtool: Debian's prometheus).
set -euo pipefail
cd "$(dirname "$0")/.."
MAX_EXPOSURE=2.0
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
fail() { echo "deploy/check.sh: $*" >&2; exit 1; }

# verify resolves ExecStart and the unit's dependencies under --root: stage them as installed
install -D -m 0755 bin/echopilot "$scratch/opt/echopilot/bin/echopilot"
install -D -m 0644 deploy/echopilot.service "$scratch/etc/systemd/system/echopilot.service"
mkdir -p "$scratch/usr/lib/systemd"
cp -r /usr/lib/systemd/system "$scratch/usr/lib/systemd/" 2>/dev/null || cp -r /lib/systemd/system "$scratch/usr/lib/systemd/"
out=$(systemd-analyze verify --root="$scratch" echopilot.service 2>&1) || fail "systemd-analyze verify failed: $out"
[ -z "$out" ] || fail "systemd-analyze verify complained: $out"
echo "systemd-analyze verify: clean"

# the two-hosts example: the unit with its cluster drop-in still verifies (the shared folder staged)
install -D -m 0644 deploy/two-hosts/echopilot-cluster.conf "$scratch/etc/systemd/system/echopilot.service.d/cluster.conf"
mkdir -p "$scratch/srv/echopilot-cluster"
out=$(systemd-analyze verify --root="$scratch" echopilot.service 2>&1) || fail "systemd-analyze verify (two-hosts drop-in) failed: $out"
[ -z "$out" ] || fail "systemd-analyze verify (two-hosts drop-in) complained: $out"
rm -r "$scratch/etc/systemd/system/echopilot.service.d"
echo "systemd-analyze verify with deploy/two-hosts/echopilot-cluster.conf: clean"

security=$(systemd-analyze security --offline=yes --no-pager deploy/echopilot.service 2>&1)
exposure=$(printf '%s\n' "$security" | sed -n 's/.*Overall exposure level for echopilot.service: \([0-9.]*\).*/\1/p')
[ -n "$exposure" ] || fail "no exposure level in: $security"
awk -v e="$exposure" -v m="$MAX_EXPOSURE" 'BEGIN { exit !(e <= m) }' \
  || fail "exposure $exposure is above $MAX_EXPOSURE; what still counts:
$(printf '%s\n' "$security" | grep '✗')"
echo "systemd-analyze security: exposure $exposure (at most $MAX_EXPOSURE)"

mkdir -p "$scratch/sysroot/etc"
out=$(systemd-sysusers --root="$scratch/sysroot" --dry-run "$PWD/deploy/echopilot.sysusers.conf" 2>&1) \
  || fail "systemd-sysusers refused deploy/echopilot.sysusers.conf: $out"
printf '%s\n' "$out" | grep -q "Creating user 'echopilot'" || fail "sysusers would not create the user: $out"
echo "systemd-sysusers: creates user echopilot"

sh -n bin/echopilot || fail "bin/echopilot is not valid sh"
echo "bin/echopilot: valid sh"

promtool check rules deploy/prometheus/echopilot.rules.yml || fail "promtool check rules failed"
promtool test rules deploy/prometheus/echopilot.rules.test.yml || fail "promtool test rules failed"
promtool check config deploy/prometheus/prometheus.example.yml || fail "promtool check config failed"
