#!/usr/bin/env bash
# Live dashboard under appends (loopback only, bounded in time): the packaged app on an empty in-memory embedded
# MongoDB with a preset (default: medium) asked for with POST /api/dataset; wrk -t2 -c16 on the dashboard (/) alone,
# then again while 100 clients follow GET /api/events and 1,000 orders/s are appended through POST /api/orders
# (a batch of 500 every half second). Prints p50/p95/p99, requests/s and errors of both wrk runs, their ratios, and
# the orders events each event client received (and the orders they announced, against those appended).
# Usage: bench/live-load.sh [preset] [seconds of wrk] [event clients] [orders/s]     Needs: apt-get install wrk
set -euo pipefail
cd "$(dirname "$0")/.."
preset=${1:-medium}
duration=${2:-20}
sse=${3:-100}
rate=${4:-1000}
port=${SHOPLENS_BENCH_PORT:-8512}
mongo_port=${SHOPLENS_BENCH_MONGO_PORT:-27512}
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk"; exit 2; }
source bench/live-app.sh
start_live_app "$port" "$mongo_port" "$preset"

lua=$(mktemp /tmp/shoplens-live-wrk.XXXXXX.lua)
cat >"$lua" <<'LUA'
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("LAT p50 %.2f ms  p95 %.2f ms  p99 %.2f ms  max %.2f ms  errors %d (non-2xx/3xx %d)\n",
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    e.connect + e.read + e.write + e.timeout + e.status, e.status))
  io.write(string.format("P95 %.3f\n", latency:percentile(95) / 1000))
end
LUA
run() { # name label
  local out rps
  out=$(wrk -t2 -c16 -d"${duration}s" -s "$lua" "$base/" 2>&1)
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  printf "%-34s %10s req/s  %s\n" "$2" "$rps" "$(echo "$out" | sed -n 's/^LAT //p')"
  echo "$rps $(echo "$out" | sed -n 's/^P95 //p')" > "/tmp/shoplens-live-$1.$$"
}
curl -s -o /dev/null "$base/"   # the page rendered once
echo "load: $(uptime | sed 's/.*load/load/')"
echo "wrk -t2 -c16 -d${duration}s on GET / (the dashboard):"
run alone "alone"
clients=$(mktemp /tmp/shoplens-live-clients.XXXXXX)
java -Xmx1g -cp "$client_cp" io.shoplens.bench.Bench appends mode=sse base="$base" password="$password" sse="$sse" \
  rate="$rate" seconds=$(( duration + 10 )) >"$clients" 2> >(grep -v '^SLF4J' >&2) &
client=$!
trap 'kill $client $app 2>/dev/null; wait $app 2>/dev/null || true; rm -rf "$app_dir"' EXIT
until grep -q "^appending" "$clients"; do
  sleep 0.5; kill -0 $client 2>/dev/null || { cat "$clients"; exit 1; }
done
sleep 5   # appends and events under way
run loaded "$sse event clients, $rate orders/s"
wait $client
cat "$clients"
echo "load: $(uptime | sed 's/.*load/load/')"
read -r a_rps a_p95 < "/tmp/shoplens-live-alone.$$"
read -r b_rps b_p95 < "/tmp/shoplens-live-loaded.$$"
rm -f "/tmp/shoplens-live-alone.$$" "/tmp/shoplens-live-loaded.$$"
awk -v a="$a_rps" -v b="$b_rps" -v p="$a_p95" -v q="$b_p95" 'BEGIN { printf "with events and appends / alone:" \
  " requests/s %.2f, p95 %.2f (target: p95 <= 50 ms with events and appends, 0 errors)\n", b / a, q / p }'
