#!/usr/bin/env bash
# Production load test (loopback only, bounded in time): the packaged app at a preset (default: large) with its
# embedded in-memory MongoDB, 60 s of wrk at 32 connections spread over /, /segments, /churn and /api/kpis, and a
# churn retraining requested 15 s into the run. Prints requests/s, p50/p95/p99 latency and errors, and the serving
# model version seen every half second, which must stay the old one until the new one is complete.
# Usage: bench/production-load.sh [preset] [seconds]     Needs: apt-get install wrk
set -euo pipefail
cd "$(dirname "$0")/.."
preset=${1:-large}
duration=${2:-60}
port=${SHOPLENS_BENCH_PORT:-18081}
mongo_port=${SHOPLENS_BENCH_MONGO_PORT:-27118}
password=bench-secret
source bench/app.sh
start_app "$port" "$mongo_port" "$preset" -Dshoplens.admin.password="$password" -Dshoplens.churn.retrain-cron=off

started=$(date +%s)
model_version() { curl -s "$base/api/churn/model" | sed -n 's/^{"version":\([0-9]*\),.*/\1/p'; }
until [ -n "$(model_version)" ] && [ "$(curl -s -o /dev/null -w '%{http_code}' "$base/q/health/ready")" = 200 ]; do
  sleep 5; kill -0 $app 2>/dev/null || { tail -20 "$log"; exit 1; }
  [ $(( $(date +%s) - started )) -lt 3600 ] || { echo "no model after an hour"; exit 1; }
done
echo "ready after $(( $(date +%s) - started )) s: $(curl -s "$base/api/dataset" | head -c 200)"
grep -E "now serving|Segmented|Churn training phases|Churn model .* serving" "$log" | sed 's/.*INFO  //' || true
old=$(model_version)
echo "serving model before the run: version $old"

versions=$(mktemp /tmp/shoplens-load-versions.XXXXXX)
( while true; do
    printf "%s %s %s\n" "$(date +%s.%N | cut -c1-14)" "$(curl -s -o /dev/null -w '%{http_code}' "$base/churn")" \
      "$(model_version)" >>"$versions"
    sleep 0.5
  done ) &
poller=$!
trap 'kill $poller $app 2>/dev/null; wait $app 2>/dev/null || true; rm -rf "$app_dir"' EXIT

lua=$(mktemp /tmp/shoplens-load.XXXXXX.lua)
cat >"$lua" <<'LUA'
local paths = { "/", "/segments", "/churn", "/api/kpis" }
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", paths[(n % #paths) + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("LAT p50 %.2f ms  p95 %.2f ms  p99 %.2f ms  max %.2f ms\n", latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
  io.write(string.format("ERR connect %d read %d write %d timeout %d non-2xx/3xx %d\n",
    e.connect, e.read, e.write, e.timeout, e.status))
end
LUA
( sleep 15; echo "retrain requested at +15 s: $(curl -s -u "admin:$password" -X POST "$base/api/churn/retrain")" ) &
retrain=$!
out=$(wrk -t2 -c32 -d"${duration}s" --timeout 10s -s "$lua" "$base" 2>&1)
wait $retrain
echo "wrk -t2 -c32 -d${duration}s over /, /segments, /churn, /api/kpis:"
echo "$out" | grep -E "Requests/sec|requests in|^LAT|^ERR"

echo "serving model during the run (version: polls, /churn status codes):"
awk '{ seen[$3]++; codes[$2]++ } END { for (v in seen) printf "  version %s: %d polls\n", v, seen[v];
  for (c in codes) printf "  /churn %s: %d\n", c, codes[c] }' "$versions"
kill $poller 2>/dev/null || true
poller=
echo "waiting for the requested training to finish..."
until [ "$(model_version)" != "$old" ]; do
  sleep 5; kill -0 $app 2>/dev/null || { tail -20 "$log"; exit 1; }
done
echo "new model: version $(model_version), trained in $(curl -s "$base/api/churn/model" | sed -n 's/.*"trainingMillis":\([0-9]*\).*/\1/p') ms (the first $duration s of it under the load above)"
grep -E "Churn training phases" "$log" | tail -1 | sed 's/.*INFO  //'
