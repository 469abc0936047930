# Helpers shared by the whole-process benchmark scripts; sourced, not run. Sourcing it sets root
# (the checkout) and work (a scratch folder removed at exit, when the processes given to
# stop_at_exit are stopped too).

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="$(mktemp -d -t "setpoint-$(basename "$0" .sh).XXXXXX")"
started_pids=()

stop_at_exit() { started_pids+=("$1"); }

cleanup() {
  local pid
  for pid in "${started_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

# Milliseconds since the epoch.
now_ms() { date +%s%3N; }

# The median of the numbers given as arguments (the mean of the middle two for an even count).
median() {
  printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END {
    if (NR == 0) { print "n/a"; exit }
    if (NR % 2) { print v[(NR + 1) / 2] } else { printf "%.0f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 } }'
}

# A / B to two decimals.
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "n/a"; else printf "%.2f\n", a / b }'; }

# A free TCP port on 127.0.0.1.
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# timed EXPECTED_EXIT LOG COMMAND...: runs COMMAND with its output in LOG and prints its wall time
# in ms; a different exit code stops the benchmark with the log's tail, since a failed command's
# time means nothing.
timed() {
  local expected="$1" log="$2" started ended code
  shift 2
  started=$(now_ms)
  set +e
  "$@" >"$log" 2>&1
  code=$?
  set -e
  ended=$(now_ms)
  if [ "$code" != "$expected" ]; then
    echo "benchmark: '$*' exited $code, expected $expected; its output ($log):" >&2
    tail -n 20 "$log" >&2
    exit 1
  fi
  echo $((ended - started))
}

# A Git repository at DIR holding what is already written there, one commit.
commit_all() {
  git -C "$1" init -q
  git -C "$1" add -A
  git -C "$1" -c user.name=bench -c user.email=bench@example.com -c commit.gpgsign=false \
    commit -q -m "${2:-bench}"
}

# What the figures depend on: the machine, the JVM, the load on the shared cores.
machine() {
  echo "machine: $(nproc) cores, $(free -h | awk '/^Mem:/ { print $2 }') memory, $(uname -sr)"
  echo "java: $(java -version 2>&1 | head -n 2 | tail -n 1)"
  echo "date: $(date -u '+%Y-%m-%d %H:%M:%S UTC'), commit $(git -C "$root" rev-parse --short HEAD)"
}

load_average() { cut -d' ' -f1-3 /proc/loadavg; }
