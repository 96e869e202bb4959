# Sourced by the append benchmarks: starts a copy of the packaged app (so that a rebuild during a run cannot pull jars
# from under it) on an empty in-memory embedded MongoDB, configured through the environment as in production, asks
# for a preset with POST /api/dataset, and waits until its frame, segments and first churn model serve. Scheduled and
# order-count retraining are off, so that no training shares the two cores with a measurement. Stops it on exit.
# Usage: start_live_app PORT MONGO_PORT PRESET; sets app (pid), log, base (URL) and password.
[ -f target/quarkus-app/quarkus-run.jar ] && [ -f target/test-classes/io/shoplens/bench/AppendBench.class ] \
  || ./mvnw -q -B -ntp package -DskipTests
# The load client: the bench classes beside the app's own libraries (Mongo driver, Jackson); no Maven during a run.
client_cp="target/test-classes:target/quarkus-app/lib/main/*"

start_live_app() {
  local port=$1 mongo_port=$2 preset=$3
  password=bench-secret
  log=$(mktemp /tmp/shoplens-live.XXXXXX.log)
  app_dir=$(mktemp -d /tmp/shoplens-live-app.XXXXXX)
  cp -r target/quarkus-app/. "$app_dir/"
  SHOPLENS_ADMIN_PASSWORD=$password QUARKUS_HTTP_PORT=$port SHOPLENS_MONGO_EMBEDDED_PORT=$mongo_port \
    SHOPLENS_MONGO_EMBEDDED_STORAGE=memory SHOPLENS_SIMULATE_GENERATE_WHEN_EMPTY=false \
    SHOPLENS_CHURN_RETRAIN_CRON=off SHOPLENS_CHURN_RETRAIN_AFTER_NEW_ORDERS=0 \
    java -Xmx6g -Duser.timezone=UTC -jar "$app_dir/quarkus-run.jar" >"$log" 2>&1 &
  app=$!
  trap 'kill $app 2>/dev/null; wait $app 2>/dev/null || true; rm -rf "$app_dir"' EXIT
  base="http://127.0.0.1:$port"
  echo "app log: $log"
  local started=$(date +%s)
  until curl -s -o /dev/null "$base/q/health/live"; do
    sleep 0.5; kill -0 $app 2>/dev/null || { tail -20 "$log"; exit 1; }
  done
  curl -s -u "admin:$password" -H 'Content-Type: application/json' -d "{\"preset\":\"$preset\"}" "$base/api/dataset" \
    >/dev/null
  until curl -s "$base/api/churn/model" | grep -q '"datasetVersion":1,' \
      && curl -s "$base/api/segments" | grep -q '"datasetVersion":1,' \
      && [ "$(curl -s -o /dev/null -w '%{http_code}' "$base/q/health/ready")" = 200 ]; do
    sleep 2; kill -0 $app 2>/dev/null || { tail -20 "$log"; exit 1; }
    [ $(( $(date +%s) - started )) -lt 1800 ] || { echo "no dataset and model after 30 min"; exit 1; }
  done
  echo "preset $preset served with its churn model $(( $(date +%s) - started )) s after the start"
  grep -E "now serving|Segmented|Churn model .* serving" "$log" | sed 's/.*INFO  //' || true
}
