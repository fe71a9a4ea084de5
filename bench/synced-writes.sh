#!/usr/bin/env bash
# Command throughput with the event store's files opened for synchronous writes (the default URL, synced:async:)
# against the same URL without synced: (async: alone), in alternating rounds on one machine.
# Usage: bench/synced-writes.sh SERVICE_JAR BENCH_JAR [ROUNDS]   (after mvn -pl returns-service,bench -am package)
set -euo pipefail
service_jar=$1; bench_jar=$2; rounds=${3:-2}; port=18090
for round in $(seq 1 "$rounds"); do
  for mode in synced plain; do
    dir=$(mktemp -d /tmp/synced-writes-XXXX)
    url=()
    if [ "$mode" = plain ]; then
      url=("--returns.eventstore.url=jdbc:h2:async:$dir/eventstore/events;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE;CACHE_SIZE=8192")
    fi
    java -Xmx512m -jar "$service_jar" --server.port=$port --returns.data-dir="$dir" --returns.mongodb.embedded-port=0 \
      --logging.level.root=WARN --returns.integrity.verify-at-start=false --returns.integrity.verify-interval=0s \
      "${url[@]}" > "$dir/service.log" 2>&1 &
    pid=$!
    until curl -sf http://127.0.0.1:$port/actuator/health/readiness > /dev/null; do sleep 1; done
    for threads in 1 8; do
      result=$(java -Xmx128m -XX:+UseSerialGC -cp "$bench_jar" com.jxc.returns.bench.LoadClient lifecycles \
        --base=http://127.0.0.1:$port --threads=$threads --seconds=20 --warmup-seconds=5 \
        --prefix="${mode:0:1}$round$threads" | grep '^RESULT')
      echo "round=$round mode=$mode threads=$threads $result"
    done
    kill "$pid"; wait "$pid" || true
    rm -rf "$dir"
  done
done
