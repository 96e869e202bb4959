# Sourced by the load benchmarks: starts a copy of the packaged app (so that a rebuild during a run cannot pull jars
# from under it) with an in-memory embedded MongoDB on loopback, and stops it on exit.
# Usage: start_app PORT MONGO_PORT PRESET [extra -D options...]; sets app (pid), log and base (URL).
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk"; exit 2; }
[ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -q -B package -DskipTests

start_app() {
  local port=$1 mongo_port=$2 preset=$3
  shift 3
  log=$(mktemp /tmp/shoplens-bench.XXXXXX.log)
  app_dir=$(mktemp -d /tmp/shoplens-bench-app.XXXXXX)
  cp -r target/quarkus-app/. "$app_dir/"
  java -Xmx12g -Duser.timezone=UTC -Dquarkus.http.port="$port" -Dshoplens.mongo.embedded.port="$mongo_port" \
    -Dshoplens.mongo.embedded.storage=memory -Dshoplens.simulate.initial-preset="$preset" "$@" \
    -jar "$app_dir/quarkus-run.jar" >"$log" 2>&1 &
  app=$!
  trap 'kill $app 2>/dev/null; wait $app 2>/dev/null || true; rm -rf "$app_dir"' EXIT
  base="http://127.0.0.1:$port"
  echo "app log: $log"
}
