#!/usr/bin/env bash
# KPI load benchmark (loopback only, bounded in time): loads a preset (default: large) into the packaged app with an
# embedded in-memory MongoDB, times the first (cold) dashboard and /api/kpis views, then measures them warm with wrk
# next to a static file served by the same app in the same run, plus the customer search (/customers?q=a) and
# /api/kpis with a new random filter on every request, and prints the ratios. Churn retraining is off here (its time
# is measured by the app's own log and bench=churn); the dataset's frame and segments are ready when it serves.
# Usage: bench/kpi-load.sh [preset] [seconds per wrk run]     Needs: apt-get install wrk
set -euo pipefail
cd "$(dirname "$0")/.."
preset=${1:-large}
duration=${2:-20}
port=${SHOPLENS_BENCH_PORT:-18080}
mongo_port=${SHOPLENS_BENCH_MONGO_PORT:-27117}
source bench/app.sh
start_app "$port" "$mongo_port" "$preset" -Dshoplens.churn.retrain-cron=off \
  -Dshoplens.churn.retrain-on-dataset-change=false
started=$(date +%s)
until grep -q "Dataset version 1 is now serving" "$log"; do
  sleep 2; kill -0 $app 2>/dev/null || { tail -20 "$log"; exit 1; }
  [ $(( $(date +%s) - started )) -lt 1800 ] || { echo "no dataset after 30 min"; exit 1; }
done
grep "Dataset version 1 is now serving" "$log" | sed 's/.*INFO  //'
echo "dataset: $(curl -s "$base/api/dataset" | head -c 300)"
until grep -q "Segmented" "$log" && [ "$(curl -s -o /dev/null -w '%{http_code}' "$base/q/health/ready")" = 200 ]; do
  sleep 2; kill -0 $app 2>/dev/null || { tail -20 "$log"; exit 1; }
done
grep "Segmented" "$log" | sed 's/.*INFO  //'

cold() { curl -s -o /dev/null -w "%{http_code} %{time_total}" "$1"; }
echo "cold  GET /           : $(cold "$base/") s"
echo "cold  GET /api/kpis   : $(cold "$base/api/kpis") s (computed from the frame)"
echo "cold  GET /api/kpis?country=France : $(cold "$base/api/kpis?country=France") s (a new filter: computed)"

lua=$(mktemp /tmp/shoplens-wrk.XXXXXX.lua)
cat >"$lua" <<'LUA'
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("LAT p50 %.2f ms  p95 %.2f ms  p99 %.2f ms  errors %d (non-2xx/3xx %d)\n",
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    e.connect + e.read + e.write + e.timeout + e.status, e.status))
end
LUA
# A new filter on every request: a random country of the data and a random date range in the two simulated years.
fresh=$(mktemp /tmp/shoplens-wrk-fresh.XXXXXX.lua)
countries=$(curl -s "$base/api/kpis" | sed -n 's/.*"countries":\[\([^]]*\)\].*/\1/p')
{ echo "local countries = {$countries}"; cat "$lua"; cat <<'LUA'
math.randomseed(7)
request = function()
  local a, b = math.random(0, 729), math.random(0, 729)
  if a > b then a, b = b, a end
  local day = function(n) return os.date("!%Y-%m-%d", os.time() - (n + 1) * 86400) end
  local c = countries[math.random(1, #countries)]:gsub(" ", "%%20")
  return wrk.format("GET", "/api/kpis?from=" .. day(b) .. "&to=" .. day(a) .. "&country=" .. c)
end
LUA
} > "$fresh"
# A new search on every request: two random letters (most match a few hundred to thousands of customers).
searches=$(mktemp /tmp/shoplens-wrk-search.XXXXXX.lua)
{ cat "$lua"; cat <<'LUA'
math.randomseed(11)
request = function()
  local a, b = math.random(97, 122), math.random(97, 122)
  return wrk.format("GET", "/customers?q=" .. string.char(a) .. string.char(b))
end
LUA
} > "$searches"
run() { # name url [script]
  local out rps lat
  out=$(wrk -t2 -c16 -d"${duration}s" -s "${3:-$lua}" "$2" 2>&1)
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  lat=$(echo "$out" | sed -n 's/^LAT //p')
  printf "%-10s %10s req/s  %s\n" "$1" "$rps" "$lat"
  echo "$rps" > "/tmp/shoplens-bench-$1.rps"
}
echo "warm, wrk -t2 -c16 -d${duration}s on 127.0.0.1:"
run static "$base/css/shoplens.css"
run dashboard "$base/"
run api-kpis "$base/api/kpis"
run kpis-new-filter "$base/api/kpis" "$fresh"
run search "$base/customers?q=a"
run search-new "$base/customers" "$searches"
s=$(cat /tmp/shoplens-bench-static.rps); d=$(cat /tmp/shoplens-bench-dashboard.rps); a=$(cat /tmp/shoplens-bench-api-kpis.rps)
awk -v s="$s" -v d="$d" -v a="$a" 'BEGIN { printf "dashboard / static = %.2f   api-kpis / static = %.2f (target >= 0.50)\n", d / s, a / s }'
