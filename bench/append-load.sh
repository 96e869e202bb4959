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
java -Xmx1g -cp "$client_cp" io.shoplens.bench.Bench appends base="$base" password="$password" \
  mongo="mongodb://127.0.0.1:$mongo_port" seconds="$seconds" clients="$clients" format="$format" \
  2> >(grep -v '^SLF4J' >&2)
echo "load: $(uptime | sed 's/.*load/load/')"
echo "app log warnings and errors: $(grep -cE " (WARN|ERROR) " "$log" || true)"; grep -E " (WARN|ERROR) " "$log" | tail -3 || true
