#!/usr/bin/env bash
# Live shop benchmark (loopback only): generates a preset (default: medium) in the packaged app with an embedded
# in-memory MongoDB, waits for its first churn model, runs the live shop at SPEED simulated days per real second for
# SECONDS, then checks (1) no error in the log, (2) the KPIs of the live frame against a recomputation from every
# order in MongoDB (GET /api/orders.csv, summed here in Python), to the cent, (3) that a new training's cutoff moved
# with the clock, and (4) the first model's realized outcomes against its out-of-time estimate (ratio and gap).
# Usage: bench/live-shop.sh [preset] [seconds] [speed]      (defaults: medium 300 1)
set -euo pipefail
cd "$(dirname "$0")/.."
preset=${1:-medium}
seconds=${2:-300}
speed=${3:-1}
port=${SHOPLENS_BENCH_PORT:-18090}
mongo_port=${SHOPLENS_BENCH_MONGO_PORT:-27190}
pw=bench
[ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -q -B package -DskipTests
log=$(mktemp /tmp/shoplens-live.XXXXXX.log)
app_dir=$(mktemp -d /tmp/shoplens-live-app.XXXXXX)
cp -r target/quarkus-app/. "$app_dir/"
SHOPLENS_ADMIN_PASSWORD=$pw java -Xmx8g -Duser.timezone=UTC -Dquarkus.http.port="$port" \
  -Dshoplens.mongo.embedded.port="$mongo_port" -Dshoplens.mongo.embedded.storage=memory \
  -Dshoplens.simulate.initial-preset="$preset" -Dshoplens.churn.retrain-after-new-orders=0 \
  -jar "$app_dir/quarkus-run.jar" >"$log" 2>&1 &
app=$!
trap 'kill $app 2>/dev/null; wait $app 2>/dev/null || true; rm -rf "$app_dir"' EXIT
base="http://127.0.0.1:$port"
echo "app log: $log"
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
wait_for() { # url, python expression on d that must be true
  local started=$(date +%s)
  until curl -sf "$1" 2>/dev/null | json "$2" 2>/dev/null | grep -q True; do
    sleep 2; kill -0 $app 2>/dev/null || { tail -20 "$log"; exit 1; }
    [ $(( $(date +%s) - started )) -lt 1800 ] || { echo "timed out waiting for $1"; exit 1; }
  done
}
wait_for "$base/api/dataset" "d['status'] == 'ready'"
wait_for "$base/api/churn/model" "d['version'] > 0"
first=$(curl -s "$base/api/churn/model" | json "d['version']")
first_cutoff=$(curl -s "$base/api/churn/model" | json "d['cutoff']")
echo "dataset: $(curl -s "$base/api/dataset" | json "(d['preset'], d['customers'], d['orders'], d['asOf'])")"
echo "model $first: cutoff $first_cutoff"

curl -s -u admin:$pw -H 'Content-Type: application/json' -d "{\"running\": true, \"speed\": $speed}" \
  "$base/api/live" | json "d"
for ((t = 0; t < seconds; t += 30)); do
  sleep $(( seconds - t < 30 ? seconds - t : 30 ))
  echo "$(date +%T) live: $(curl -s "$base/api/live" | json "(d['clock'], d['ordersAdded'], d['returnsAdded'], d['customersAdded'])")"
done
curl -s -u admin:$pw -H 'Content-Type: application/json' -d '{"running": false}' "$base/api/live" | json "d"
sleep 3
appended=$(curl -s "$base/api/dataset" | json "d['orders']")
wait_for "$base/api/kpis" "d['orders'] == $appended"

echo "--- KPIs of the live frame against every order in MongoDB"
curl -s "$base/api/orders.csv" -o /tmp/shoplens-live-orders.csv
curl -s "$base/api/kpis" > /tmp/shoplens-live-kpis.json
python3 - <<'PY'
import csv, json
from decimal import Decimal
net = Decimal(0); returned = Decimal(0); sales = set()
with open('/tmp/shoplens-live-orders.csv', newline='', encoding='utf-8') as f:
    for row in csv.DictReader(f):
        amount = int(row['quantity']) * Decimal(row['unit_price'])
        net += amount - Decimal(row['discount'])
        if int(row['quantity']) > 0:
            sales.add(row['order_id'].lstrip("'"))
        else:
            returned -= amount
k = json.load(open('/tmp/shoplens-live-kpis.json'))
print(f"net revenue: app {Decimal(str(k['revenue'])):.2f}, recomputed {net:.2f}, equal: {Decimal(str(k['revenue'])) == net}")
print(f"returns: app {Decimal(str(k['returns'])):.2f}, recomputed {returned:.2f}, equal: {Decimal(str(k['returns'])) == returned}")
print(f"sales orders: app {k['orders']}, recomputed {len(sales)}, equal: {k['orders'] == len(sales)}")
PY

echo "--- a new training after the live days"
curl -s -u admin:$pw -H 'Content-Type: application/json' -X POST "$base/api/churn/retrain" | json "d['message']"
wait_for "$base/api/churn/model" "d['version'] > $first"
echo "model $(curl -s "$base/api/churn/model" | json "d['version']"): cutoff $(curl -s "$base/api/churn/model" | json "d['cutoff']") (was $first_cutoff)"

echo "--- realized outcomes of model $first"
curl -s "$base/api/churn/models/$first/realized" | json "None if d is None else {k: d.get(k) for k in ('customers', 'rocAuc', 'brier', 'estimate', 'rocAucGap', 'verdict', 'driftedFeatures')}"
echo "--- errors in the log: $(grep -c ' ERROR ' "$log" || true)"
grep ' ERROR ' "$log" | head -5 || true
