#!/usr/bin/env bash
# Dataset flow timing (loopback only): the packaged app with an empty data directory on the given storage, then
# POST /api/dataset {"preset": PRESET} and the seconds until the dataset, its analysis frame, its segments and a
# churn model of it are served; on the file storage it then restarts the app on the same directory and times the
# start until a full dashboard. Prints each figure and the log lines of the phases.
# With "external", the embedded server runs in a process of its own (a stand-in for a real MongoDB, reached through
# QUARKUS_MONGODB_CONNECTION_STRING) and the app gets the heap of a 2 GiB container (-Xmx1536m), so that the heap
# figure is the app's own (frame included).
# Usage: bench/dataset-flow.sh [preset] [file|memory|external]
set -euo pipefail
cd "$(dirname "$0")/.."
preset=${1:-medium}
storage=${2:-file}
port=${SHOPLENS_BENCH_PORT:-18082}
mongo_port=${SHOPLENS_BENCH_MONGO_PORT:-27119}
password=bench-secret
[ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -q -B package -DskipTests
app_dir=$(mktemp -d /tmp/shoplens-flow-app.XXXXXX)
data_dir=$(mktemp -d /tmp/shoplens-flow-data.XXXXXX)
cp -r target/quarkus-app/. "$app_dir/"
log=$(mktemp /tmp/shoplens-flow.XXXXXX.log)
base="http://127.0.0.1:$port"
echo "app log: $log"

db=()
heap=${SHOPLENS_BENCH_HEAP:-6g}
if [ "$storage" = external ]; then
  ./mvnw -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
  java -Xmx8g -cp "target/test-classes:$(cat target/bench-classpath.txt)" io.shoplens.bench.StandaloneMongo \
    "$mongo_port" >>"$log" 2>&1 &
  mongo=$!
  db=(-Dquarkus.mongodb.connection-string="mongodb://127.0.0.1:$mongo_port")
  heap=1536m
  storage=memory
fi
start() {
  java -Xmx$heap -Duser.timezone=UTC -Dquarkus.http.port="$port" "${db[@]}" \
    -Dshoplens.mongo.embedded.port="$mongo_port" -Dshoplens.mongo.embedded.storage="$storage" \
    -Dshoplens.mongo.embedded.path="$data_dir" -Dshoplens.simulate.generate-when-empty=false \
    -Dshoplens.admin.password="$password" -jar "$app_dir/quarkus-run.jar" >>"$log" 2>&1 &
  app=$!
}
stop() { kill $app 2>/dev/null; wait $app 2>/dev/null || true; }
trap 'stop; [ -z "${mongo:-}" ] || kill $mongo 2>/dev/null; rm -rf "$app_dir" "$data_dir"' EXIT
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
wait_for() { # description, then a command that succeeds when done
  local what=$1; shift
  until "$@"; do
    sleep 0.5; kill -0 $app 2>/dev/null || { echo "app exited"; tail -30 "$log"; exit 1; }
  done
  echo "$what: $(since "$t0") s"
}
dataset_version() { curl -s "$base/api/dataset" | sed -n 's/.*"status":"ready","version":\([0-9]*\).*/\1/p'; }
dataset_is() { test "$(dataset_version)" = "$1"; }
kpis_of() { curl -s "$base/api/kpis" | grep -q "\"datasetVersion\":$1,"; }
segments_of() { curl -s "$base/api/segments" | grep -q "\"datasetVersion\":$1,"; }
model_of() { curl -s "$base/api/churn/model" | grep -q "\"datasetVersion\":$1,"; }
dashboard() { [ "$(curl -s -o /dev/null -w '%{http_code}' "$base/")" = 200 ] && curl -s "$base/" | grep -q 'data-kpi="revenue"'; }

start
t0=$(now)
until curl -s -o /dev/null "$base/q/health/live"; do sleep 0.2; done
echo "started (empty, $storage storage): $(since "$t0") s"
t0=$(now)
curl -s -u "admin:$password" -H 'Content-Type: application/json' -d "{\"preset\":\"$preset\"}" "$base/api/dataset" \
  >/dev/null
wait_for "dataset $preset served (generation done, frame and segments ready)" dataset_is 1
wait_for "KPIs of version 1" kpis_of 1
wait_for "segments of version 1" segments_of 1
wait_for "churn model of version 1" model_of 1
grep -E "now serving|Analysis frame|Segmented|Churn training phases|Churn model .* serving" "$log" \
  | sed 's/.*INFO  //' || true
jcmd $app GC.run >/dev/null 2>&1 || true
used=$(curl -s "$base/q/metrics" | awk '/^jvm_memory_used_bytes\{area="heap"/ { s += $NF } END { printf "%.0f", s / 1e6 }')
echo "heap used after a full GC (-Xmx$heap; the embedded database counts too unless external): $used MB"
if [ "$storage" = file ]; then
  du -sh "$data_dir" | awk '{ print "H2 file: " $1 }'
  stop
  t0=$(now)
  start
  wait_for "restart to a full dashboard" dashboard
  grep -E "Analysis frame" "$log" | tail -1 | sed 's/.*INFO  //'
fi
