#!/usr/bin/env bash
# Sustained appends (loopback only, bounded in time): the packaged app on an empty in-memory embedded MongoDB, a preset
# (default: medium) asked for with POST /api/dataset, then batches of 500 new orders appended through POST /api/orders
# by CLIENTS connections at once for SECONDS, while GET /api/kpis is polled every 20 ms; for each acknowledged batch,
# the time from its answer until the KPIs' order count reached it. Before that, in the same run, the same kind of
# batches inserted straight into the app's MongoDB with insertMany (the store's own ceiling). Prints orders/s, the lag
# p50/p95/max and the ratios (appends / insertMany ceiling, appends / the 5,000 orders/s target).
# Usage: bench/append-load.sh [preset] [seconds] [clients] [json|ndjson]
set -euo pipefail
cd "$(dirname "$0")/.."
preset=${1:-medium}
seconds=${2:-60}
clients=${3:-1}
format=${4:-json}
port=${SHOPLENS_BENCH_PORT:-8511}
mongo_port=${SHOPLENS_BENCH_MONGO_PORT:-27511}
source bench/live-app.sh
start_live_app "$port" "$mongo_port" "$preset"
echo "load: $(uptime | sed 's/.*load/load/')"
# The app's CPU seconds per thread group (digits folded) over the client's run, from /proc: where the time goes.
cpu() {
  for f in /proc/$app/task/*/stat; do cat "$f" 2>/dev/null; echo; done | sed -n 's/^[0-9]* (\(.*\)) [A-Z] \(.*\)$/\1|\2/p' \
    | awk -F'|' -v hz="$(getconf CLK_TCK)" '{ split($2, f, " "); n = $1; gsub(/[0-9]+/, "N", n); gsub(/ /, "_", n)
      t[n] += (f[11] + f[12]) / hz } END { for (n in t) print n, t[n] }'
}
cpu_before=$(cpu)
java -Xmx1g -cp "$client_cp" io.shoplens.bench.Bench appends base="$base" password="$password" \
  mongo="mongodb://127.0.0.1:$mongo_port" seconds="$seconds" clients="$clients" format="$format" \
  2> >(grep -v '^SLF4J' >&2)
echo "app CPU seconds during the client's run (insertMany ceiling, appends, lag polling), by thread group:"
{ echo "$cpu_before" | sed 's/^/- /'; cpu; } | awk '$1 == "-" { b[$2] = $3; next } { d = $2 - b[$1]; s += d; if (d > 0) r[$1] = d }
  END { for (n in r) if (r[n] >= 0.02 * s) printf "  %-16s %6.1f s  %3.0f%%\n", n, r[n], 100 * r[n] / s; printf "  total %15.1f s\n", s }' \
  | sort -k2 -nr
echo "load: $(uptime | sed 's/.*load/load/')"
echo "app log warnings and errors: $(grep -cE " (WARN|ERROR) " "$log" || true)"; grep -E " (WARN|ERROR) " "$log" | tail -3 || true
