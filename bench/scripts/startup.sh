#!/usr/bin/env bash
# Start-up and memory of whole setpoint processes (issue 11, target 5):
#   - `setpoint validate` of a small environment: under 1.5 s wall;
#   - `setpoint plan` of an empty environment in embedded mode: under 4 s;
#   - a worker reconciling 1,000 resources: under 512 MB of heap (-Xmx512m, peak reported).
# Each round times, one after the other, a JVM that starts and does nothing (the same options
# and class path as ./setpoint, an empty main: the ratio baseline), `./setpoint --help`,
# `./setpoint validate` and `./setpoint plan`; then the worker's heap is measured once.
#
# Usage: bench/scripts/startup.sh [ROUNDS]   (default 10; WORKER_RESOURCES=1000, SMALL_HEAP=64m)
set -euo pipefail

# shellcheck source=common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

rounds="${1:-10}"
worker_resources="${WORKER_RESOURCES:-1000}"
small_heap="${SMALL_HEAP:-64m}"
jar="$root/cli/target/setpoint.jar"
bench_jar="$root/bench/target/benchmarks.jar"

# ./setpoint builds its jar when it is missing or stale; do that now, untimed.
"$root/setpoint" --help >/dev/null
if [ ! -f "$bench_jar" ] || [ -n "$(find "$root/bench/src/main" -newer "$bench_jar" -print -quit)" ]; then
  echo "building $bench_jar..." >&2
  (cd "$root" && ./mvnw -B -q -o -pl bench -am package -DskipTests -Dspotless.check.skip=true) >&2
fi

# The baseline: a JVM that loads one empty class, started as ./setpoint starts the CLI.
mkdir -p "$work/classes"
echo 'public class Empty { public static void main(String[] args) {} }' >"$work/Empty.java"
javac -d "$work/classes" "$work/Empty.java"
launcher_options=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC)

# A small environment (five AWS resources: validate reads schemas, never AWS) and an empty one.
repo="$work/repo"
mkdir -p "$repo/envs/small" "$repo/envs/empty"
cat >"$repo/envs/small/environment.yaml" <<'YAML'
apiVersion: setpoint.dev/v1alpha1
kind: Environment
metadata:
  name: small
spec:
  providers:
    aws:
      region: us-east-1
  resources:
    - name: vpc
      type: aws:ec2/Vpc
      properties:
        cidrBlock: 10.0.0.0/16
    - name: subnet-a
      type: aws:ec2/Subnet
      properties:
        vpcId: ${vpc.id}
        cidrBlock: 10.0.1.0/24
        availabilityZone: us-east-1a
    - name: igw
      type: aws:ec2/InternetGateway
      properties:
        vpcId: ${vpc.id}
    - name: web
      type: aws:ec2/SecurityGroup
      properties:
        vpcId: ${vpc.id}
        description: HTTPS from anywhere
        ingress:
          - {protocol: tcp, fromPort: 443, toPort: 443, cidrBlocks: [0.0.0.0/0]}
    - name: assets
      type: aws:s3/Bucket
      properties:
        bucketName: startup-assets
YAML
cat >"$repo/envs/empty/environment.yaml" <<'YAML'
apiVersion: setpoint.dev/v1alpha1
kind: Environment
metadata:
  name: empty
spec:
  resources: []
YAML
commit_all "$repo" "small and empty environments"

export SETPOINT_HOME="$work/home"
unset TEMPORAL_ADDRESS # embedded: each plan starts its own Temporal server and worker

names=(jvm help validate plan)
declare -A expected=([jvm]=0 [help]=0 [validate]=0 [plan]=0)
declare -A label=(
  [jvm]="JVM start, empty main (baseline)"
  [help]="./setpoint --help"
  [validate]="./setpoint validate (5 resources)"
  [plan]="./setpoint plan (empty, embedded Temporal)")
declare -A target=([jvm]="" [help]="" [validate]=1500 [plan]=4000)

# run NAME: the command of one row, under /usr/bin/time for its peak resident set size.
run() {
  local rss=(/usr/bin/time -f %M -o "$work/rss.$1")
  case "$1" in
    jvm) "${rss[@]}" java "${launcher_options[@]}" -cp "$work/classes:$jar" Empty ;;
    help) "${rss[@]}" "$root/setpoint" --help ;;
    validate) "${rss[@]}" "$root/setpoint" validate "$repo/envs/small" ;;
    plan) "${rss[@]}" "$root/setpoint" plan "$repo/envs/empty" ;;
  esac
}

machine
echo "load average before: $(load_average)"
for name in "${names[@]}"; do # one unmeasured run each: the jar into the page cache
  timed "${expected[$name]}" "$work/$name.log" run "$name" >/dev/null
done

declare -A times rss
for ((round = 1; round <= rounds; round++)); do
  line="round $round:"
  for name in "${names[@]}"; do
    ms=$(timed "${expected[$name]}" "$work/$name.log" run "$name")
    times[$name]+="$ms "
    rss[$name]+="$(tail -n 1 "$work/rss.$name") "
    line+=" $name ${ms} ms"
  done
  echo "$line"
done
echo "load average after the rounds: $(load_average)"

# shellcheck disable=SC2086 # the lists are space-separated numbers
baseline=$(median ${times[jvm]})
echo
echo "| command | median | min | max | × JVM start | peak RSS (median) | target | verdict |"
echo "|---|---:|---:|---:|---:|---:|---:|---|"
for name in "${names[@]}"; do
  # shellcheck disable=SC2086
  sorted=$(printf '%s\n' ${times[$name]} | sort -n)
  # shellcheck disable=SC2086
  med=$(median ${times[$name]})
  # shellcheck disable=SC2086
  rss_mib=$(awk -v kb="$(median ${rss[$name]})" 'BEGIN { printf "%.0f MiB", kb / 1024 }')
  goal="${target[$name]}"
  verdict=""
  if [ -n "$goal" ]; then
    if [ "$med" -le "$goal" ]; then verdict="met (median)"; else verdict="NOT met (median)"; fi
    verdict+=", $(printf '%s\n' ${times[$name]} | awk -v g="$goal" '$1 <= g { n++ } END { print n + 0 }') of $rounds under"
    goal="${goal} ms"
  fi
  printf '| %s | %s ms | %s ms | %s ms | %s | %s | %s | %s |\n' "${label[$name]}" "$med" \
    "$(head -n 1 <<<"$sorted")" "$(tail -n 1 <<<"$sorted")" "$(ratio "$med" "$baseline")" \
    "$rss_mib" "$goal" "$verdict"
done

# The worker's heap: a Temporal test server in its own JVM, so the worker JVM holds the worker
# alone, as `setpoint worker` would against a real server.
port=$(free_port)
java -cp "$bench_jar" io.temporal.testserver.TestServer "$port" >"$work/temporal.log" 2>&1 &
stop_at_exit $!
for _ in $(seq 1 300); do
  if (: </dev/tcp/127.0.0.1/"$port") 2>/dev/null; then break; fi
  sleep 0.1
done

# worker HEAP: one worker run of $worker_resources resources with -XmxHEAP; prints its line.
worker() {
  local code=0
  java "-Xmx$1" -XX:+ExitOnOutOfMemoryError "-Xlog:gc:file=$work/gc-$1.log" -cp "$bench_jar" \
    dev.setpoint.bench.WorkerHeap "$worker_resources" "127.0.0.1:$port" >"$work/worker-$1.log" 2>&1 ||
    code=$?
  local figures
  figures=$(grep '^worker heap:' "$work/worker-$1.log" || echo "worker heap: did not complete (exit $code): $(tail -n 1 "$work/worker-$1.log")")
  local before_gc
  before_gc=$(grep -o '[0-9]*M->[0-9]*M' "$work/gc-$1.log" | cut -d M -f 1 | sort -n | tail -n 1)
  echo "-Xmx$1: $figures gcLogMaxBeforeGcMiB=${before_gc:-none}"
}
echo
worker 512m
worker "$small_heap"
echo "load average at the end: $(load_average)"
