#!/usr/bin/env bash
# A local Neo4j 5 community server (the real engine, from Maven Central) for tests,
# benchmarks and trying `aidgraph push --neo4j`. Needs Java 17+ and Maven.
#
#   scripts/neo4j-server.sh build             build tools/neo4j-server once (cached in target/ and ~/.m2)
#   scripts/neo4j-server.sh run  [options]    run in the foreground (what the test fixture does)
#   scripts/neo4j-server.sh start [options]   run in the background, wait until Bolt answers, print the URI
#   scripts/neo4j-server.sh stop [--home DIR] stop a server started with `start`
#
# Options: --home DIR (data folder; default .cache/neo4j-server), --port N (default 7687),
# --password PW (default: auth disabled; with it, log in as neo4j/PW),
# --parent-pid PID (exit when that process does). JAVA_OPTS overrides the JVM flags.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PROJECT="$ROOT/tools/neo4j-server"
JAR="$PROJECT/target/neo4j-server.jar"
JAVA_OPTS="${JAVA_OPTS:--Xms256m -Xmx1g}"

build() {
    if [[ -f "$JAR" && "$JAR" -nt "$PROJECT/pom.xml" && -d "$PROJECT/target/lib" ]]; then
        return
    fi
    command -v mvn >/dev/null || { echo "neo4j-server: Maven (mvn) is needed to build $PROJECT" >&2; exit 1; }
    echo "neo4j-server: building $PROJECT (first time downloads Neo4j from Maven Central)" >&2
    (cd "$PROJECT" && mvn -q -B package)
}

option() {  # option NAME DEFAULT ARGS...: the value after --NAME in ARGS, or DEFAULT
    local name="$1" value="$2"; shift 2
    while [[ $# -gt 0 ]]; do
        if [[ "$1" == "--$name" ]]; then value="$2"; fi
        shift
    done
    echo "$value"
}

run() {
    build
    local home port
    home="$(option home "$ROOT/.cache/neo4j-server" "$@")"
    port="$(option port 7687 "$@")"
    mkdir -p "$home"
    local args=(--home "$home" --port "$port")
    local password parent
    password="$(option password "" "$@")"
    parent="$(option parent-pid "" "$@")"
    [[ -n "$password" ]] && args+=(--password "$password")
    [[ -n "$parent" ]] && args+=(--parent-pid "$parent")
    # shellcheck disable=SC2086  # JAVA_OPTS is a list of flags
    exec java $JAVA_OPTS -jar "$JAR" "${args[@]}"
}

start() {
    local home
    home="$(option home "$ROOT/.cache/neo4j-server" "$@")"
    mkdir -p "$home"
    if [[ -f "$home/server.pid" ]] && kill -0 "$(cat "$home/server.pid")" 2>/dev/null; then
        echo "neo4j-server: already running (pid $(cat "$home/server.pid"))" >&2
        exit 1
    fi
    build
    nohup "$0" run "$@" --home "$home" >"$home/server.log" 2>&1 &
    echo $! >"$home/server.pid"
    for _ in $(seq 180); do
        if grep -q '^READY ' "$home/server.log"; then
            grep '^READY ' "$home/server.log" | cut -d' ' -f2
            return
        fi
        if ! kill -0 "$(cat "$home/server.pid")" 2>/dev/null; then
            echo "neo4j-server: failed to start; see $home/server.log" >&2
            tail -20 "$home/server.log" >&2
            exit 1
        fi
        sleep 1
    done
    echo "neo4j-server: not ready after 180 s; see $home/server.log" >&2
    exit 1
}

stop() {
    local home pid
    home="$(option home "$ROOT/.cache/neo4j-server" "$@")"
    [[ -f "$home/server.pid" ]] || { echo "neo4j-server: not running (no $home/server.pid)" >&2; exit 1; }
    pid="$(cat "$home/server.pid")"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 60); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 1
    done
    rm -f "$home/server.pid"
}

command="${1:-}"
shift || true
case "$command" in
    build) build ;;
    run) run "$@" ;;
    start) start "$@" ;;
    stop) stop "$@" ;;
    *) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
