#!/usr/bin/env bash
# Modvault benchmark against the physical limit: one command, one machine, loopback only, about 15 minutes.
#
#   bench/run.sh
#
# Generates a static GOPROXY tree (bench/corpus), serves it as the upstream with nginx, starts Modvault on the disk
# backend pointed at it, and measures Modvault against nginx and a Go net/http FileServer serving the same files:
# cached .info/.mod requests, cached zip throughput, cold-fetch overhead, `go mod download` of a 60-module graph,
# memory under 50 concurrent 100 MiB downloads, start-up time. Writes the results into docs/performance.md between
# the "bench:results" markers (the rest of that page is kept) and prints them.
#
# Needs: a JDK 21+ (JAVA_HOME, default the Temurin 25 JDK), wrk, nginx (nginx-light), go (any 1.19+), curl, ss.
# Everything it starts (nginx, the Go file server, Modvault and its embedded PostgreSQL, curl clients) is stopped on
# exit, on failure and on Ctrl-C.
#
# Environment (all optional):
#   BENCH_DURATION      length of each wrk run (default 4s)
#   BENCH_ROUNDS        wrk rounds per scenario, servers interleaved, the median is reported (default 5)
#   BENCH_DOC           the page to write (default docs/performance.md; "-" writes nowhere)
#   BENCH_KEEP=1        keep the work folder (corpus, logs, raw results) instead of deleting it
#   BENCH_LABEL         a label printed with the results (e.g. "before tuning")
#   MODVAULT_JAVA_OPTS  JVM flags for Modvault (default below; set it empty for the JVM's own defaults)
#   MODVAULT_ARGS       more Modvault arguments (e.g. --modvault.access-log=false)
#   MODVAULT_JAR        the jar to run (default registry-web/target/modvault.jar, built if missing)
#   BENCH_MAX_LOAD      on a shared machine: wait (up to 30 min) until the 1-minute load average is below this
#   BENCH_CLIENT_DIR    where the `go mod download` clients put their module caches (default: a folder in /dev/shm
#                       when that is a memory file system, else the work folder; see docs/performance.md)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH="$ROOT/bench"
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
JAVA="$JAVA_HOME/bin/java"
JCMD="$JAVA_HOME/bin/jcmd"
JAR=${MODVAULT_JAR:-$ROOT/registry-web/target/modvault.jar}
DURATION=${BENCH_DURATION:-4s}
ROUNDS=${BENCH_ROUNDS:-5}
DOC=${BENCH_DOC:-$ROOT/docs/performance.md}
LABEL=${BENCH_LABEL:-}
# the flags docs/performance.md recommends for a replica (heap bounded; the zips themselves never enter the heap)
DEFAULT_JAVA_OPTS="-Xmx256m -XX:MaxDirectMemorySize=64m -XX:+UseParallelGC -XX:+ExitOnOutOfMemoryError"
JAVA_OPTS=${MODVAULT_JAVA_OPTS-$DEFAULT_JAVA_OPTS}
EXTRA_ARGS=${MODVAULT_ARGS:-}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/modvault-bench.XXXXXX")
RESULTS="$WORK/results.tsv"
COMMAND_LINE="bench/run.sh"
[ -n "${BENCH_ROUNDS:-}" ] && COMMAND_LINE="BENCH_ROUNDS=$BENCH_ROUNDS $COMMAND_LINE"
[ -n "${BENCH_DURATION:-}" ] && COMMAND_LINE="BENCH_DURATION=$BENCH_DURATION $COMMAND_LINE"

MODVAULT_PID=""
MODVAULT_DATA=""
SECOND_PID=""
SECOND_DATA=""
CLIENT_DIR=""
FILESERVER_PID=""
NGINX_PREFIX=""
CLIENT_PIDS=()

log() { printf '[bench %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
die() { log "FAILED: $*"; exit 1; }

# ------------------------------------------------------------------------------------------------- clean-up

# stop_java PID DATA-DIR: stops a Modvault and, if it was left running, its embedded PostgreSQL
stop_java() {
  local pid=$1 data=$2
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 400); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  # Modvault stops its embedded PostgreSQL on a clean exit; after a kill it may be left running
  if [ -n "$data" ] && [ -f "$data/postgres/postmaster.pid" ]; then
    local pg; pg=$(head -1 "$data/postgres/postmaster.pid")
    if [ -n "$pg" ] && grep -q postgres "/proc/$pg/cmdline" 2>/dev/null; then
      kill -TERM "$pg" 2>/dev/null || true
      for _ in $(seq 1 100); do kill -0 "$pg" 2>/dev/null || break; sleep 0.1; done
      kill -KILL "$pg" 2>/dev/null || true
    fi
  fi
}

stop_modvault() { local pid=$MODVAULT_PID; MODVAULT_PID=""; stop_java "$pid" "$MODVAULT_DATA"; }
stop_second() { local pid=$SECOND_PID; SECOND_PID=""; stop_java "$pid" "$SECOND_DATA"; }

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  for pid in "${CLIENT_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  stop_second
  stop_modvault
  if [ -n "$FILESERVER_PID" ]; then kill "$FILESERVER_PID" 2>/dev/null || true; wait "$FILESERVER_PID" 2>/dev/null || true; fi
  if [ -n "$NGINX_PREFIX" ] && [ -f "$NGINX_PREFIX/nginx.pid" ]; then
    local master; master=$(cat "$NGINX_PREFIX/nginx.pid")
    kill -QUIT "$master" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$master" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$master" 2>/dev/null || true
  fi
  if [ -n "$CLIENT_DIR" ] && [ "$CLIENT_DIR" != "$WORK" ]; then
    chmod -R u+w "$CLIENT_DIR" 2>/dev/null || true # the go command leaves its module cache read-only
    rm -rf "$CLIENT_DIR"
  fi
  if [ "${BENCH_KEEP:-0}" = 1 ]; then
    log "work folder kept: $WORK"
  else
    rm -rf "$WORK"
  fi
  [ $status -eq 0 ] || log "exit status $status (everything started was stopped)"
  exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ------------------------------------------------------------------------------------------------- helpers

for tool in wrk nginx go curl ss awk; do command -v "$tool" >/dev/null || die "$tool is not installed"; done
[ -x "$JAVA" ] || die "no java at $JAVA (set JAVA_HOME)"

free_port() {
  local port=$((20000 + RANDOM % 30000))
  while ss -Htln "( sport = :$port )" | grep -q .; do port=$((port + 1)); done
  echo "$port"
}

now_ms() { echo $(($(date +%s%N) / 1000000)); }

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "nan"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

wait_http() { # url timeout-seconds
  local deadline=$(($(date +%s) + $2))
  until curl -sf -o /dev/null "$1"; do
    [ "$(date +%s)" -lt "$deadline" ] || return 1
    sleep 0.05
  done
}

# launch PORT DATA-DIR LOG [args...]: starts a Modvault in the background (sets LAUNCHED_PID), waits until it is
# ready (sets STARTUP_MS: process start until /actuator/health/readiness answers UP)
launch() {
  local port=$1 data=$2 logfile=$3; shift 3
  local start; start=$(now_ms)
  # shellcheck disable=SC2086
  "$JAVA" $JAVA_OPTS -jar "$JAR" --server.port="$port" --modvault.data-dir="$data" \
    --modvault.upstream.proxies="http://127.0.0.1:$UP_PORT" --modvault.sumdb.verify=false $EXTRA_ARGS "$@" \
    >>"$logfile" 2>&1 &
  LAUNCHED_PID=$!
  local deadline=$(($(date +%s) + 240))
  until curl -sf "http://127.0.0.1:$port/actuator/health/readiness" 2>/dev/null | grep -q '"UP"'; do
    kill -0 "$LAUNCHED_PID" 2>/dev/null || { tail -40 "$logfile" >&2; die "Modvault exited during start-up"; }
    [ "$(date +%s)" -lt "$deadline" ] || die "Modvault not ready after 240 s"
    sleep 0.05
  done
  STARTUP_MS=$(($(now_ms) - start))
}

start_modvault() { # DATA-DIR [args...]; the loggers endpoint lets the bench switch the access log off and on
  local data=$1; shift
  MODVAULT_DATA=$data
  launch "$MV_PORT" "$data" "$WORK/modvault.log" --management.endpoints.web.exposure.include=health,info,prometheus,loggers "$@"
  MODVAULT_PID=$LAUNCHED_PID
}

record() { printf '%s\n' "$(IFS=$'\t'; echo "$*")" >>"$RESULTS"; }

# wrk_run SCENARIO SERVER BASE-URL PATHS-FILE CONNECTIONS [duration]
wrk_run() {
  local scenario=$1 server=$2 url=$3 paths=$4 conns=$5 duration=${6:-$DURATION}
  local threads=2
  [ "$conns" -lt 2 ] && threads=1
  local out
  out=$(wrk -t"$threads" -c"$conns" -d"$duration" --timeout 30s -s "$BENCH/paths.lua" "$url" -- "$paths" 2>&1) \
    || die "wrk failed: $out"
  local line; line=$(grep '^BENCH' <<<"$out") || die "no wrk summary: $out"
  eval "local ${line#BENCH }"
  # shellcheck disable=SC2154
  local rps mbps p50 p99
  rps=$(awk -v r="$requests" -v d="$duration_us" 'BEGIN { printf "%.0f", r / (d / 1e6) }')
  mbps=$(awk -v b="$bytes" -v d="$duration_us" 'BEGIN { printf "%.1f", b / d }')
  p50=$(awk -v v="$p50_us" 'BEGIN { printf "%.2f", v / 1000 }')
  p99=$(awk -v v="$p99_us" 'BEGIN { printf "%.2f", v / 1000 }')
  record wrkraw "$scenario" "$server" "$conns" "$rps" "$mbps" "$p50" "$p99" "$((errors + non2xx))"
  log "  $scenario c=$conns $server: $rps req/s, $mbps MB/s, p50 $p50 ms, p99 $p99 ms, errors $((errors + non2xx))"
}

# compare SCENARIO PATHS-FILE CONNECTIONS NAME=URL...: ROUNDS rounds, the servers interleaved within each round
compare() {
  local scenario=$1 paths=$2 conns=$3; shift 3
  for _ in $(seq 1 "$ROUNDS"); do
    for server in "$@"; do wrk_run "$scenario" "${server%%=*}" "${server#*=}" "$paths" "$conns"; done
  done
}

# the median of each column over the rounds (errors: the sum), as "wrk" rows
summarize_wrk() {
  awk -F'\t' '$1 == "wrkraw" { print $2 "\t" $3 "\t" $4 }' "$RESULTS" | sort -u | while IFS=$'\t' read -r sc sv cn; do
    local row=(wrk "$sc" "$sv" "$cn")
    for col in 5 6 7 8; do
      row+=("$(awk -F'\t' -v a="$sc" -v b="$sv" -v c="$cn" -v k="$col" '$1 == "wrkraw" && $2 == a && $3 == b && $4 == c { print $k }' "$RESULTS" | median)")
    done
    row+=("$(awk -F'\t' -v a="$sc" -v b="$sv" -v c="$cn" '$1 == "wrkraw" && $2 == a && $3 == b && $4 == c { s += $9 } END { print s + 0 }' "$RESULTS")")
    record "${row[@]}"
  done
}

# go_download BASE-URL CLIENT-SET: prints the seconds a `go mod download` of that client's graph took
go_download() {
  local proxy=$1 set=$2 dir="$CLIENT_DIR/run-$RANDOM$RANDOM"
  mkdir -p "$dir"
  cp -r "$WORK/clients/$set" "$dir/client"
  local start end
  start=$(date +%s%N)
  (cd "$dir/client" && env GOPROXY="$proxy" GOSUMDB=off GONOSUMDB='*' GONOSUMCHECK=1 GOFLAGS=-mod=mod \
    GOMODCACHE="$dir/modcache" GOPATH="$dir/gopath" GOCACHE="$WORK/gocache" GOTOOLCHAIN=local \
    go mod download) >"$dir/out.log" 2>&1 || { cat "$dir/out.log" >&2; die "go mod download via $proxy failed"; }
  end=$(date +%s%N)
  [ "$(find "$dir/modcache/cache/download" -name '*.zip' | wc -l)" -ge "$GRAPH_SIZE" ] \
    || die "go mod download via $proxy fetched fewer than $GRAPH_SIZE zips"
  chmod -R u+w "$dir" && rm -rf "$dir"
  awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f", (e - s) / 1e9 }'
}

# ------------------------------------------------------------------------------------------------- set-up

if [ -n "${BENCH_MAX_LOAD:-}" ]; then
  deadline=$(($(date +%s) + 1800))
  until awk -v max="$BENCH_MAX_LOAD" '{ exit !($1 < max) }' /proc/loadavg; do
    [ "$(date +%s)" -lt "$deadline" ] || die "the load average stayed above $BENCH_MAX_LOAD for 30 minutes"
    log "waiting for the load average ($(cut -d' ' -f1 /proc/loadavg)) to drop below $BENCH_MAX_LOAD"
    sleep 20
  done
fi
log "work folder $WORK; wrk: $ROUNDS rounds of $DURATION; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)

if [ ! -f "$JAR" ]; then
  log "building the jar"
  (cd "$ROOT" && ./mvnw -q -o install -DskipTests) || die "build failed"
fi

log "building the corpus generator and the Go file server"
export GOFLAGS=-mod=mod GOPROXY=off GOTOOLCHAIN=local GOCACHE="$WORK/gocache" GOPATH="$WORK/gopath"
(cd "$BENCH/corpus" && go build -o "$WORK/corpus" .) || die "cannot build bench/corpus"
(cd "$BENCH/fileserver" && go build -o "$WORK/fileserver" .) || die "cannot build bench/fileserver"
unset GOPROXY GOFLAGS

# The go command writes a few hundred files per `go mod download`. On a disk whose write rate the host throttles,
# those writes, not the proxy, set the time and it grows run after run; a memory file system measures the proxy.
if [ -n "${BENCH_CLIENT_DIR:-}" ]; then
  CLIENT_DIR=$(mktemp -d "$BENCH_CLIENT_DIR/modvault-bench-client.XXXXXX")
elif [ "$(stat -f -c %T /dev/shm 2>/dev/null)" = tmpfs ] && [ -w /dev/shm ]; then
  CLIENT_DIR=$(mktemp -d /dev/shm/modvault-bench-client.XXXXXX)
else
  CLIENT_DIR=$WORK
fi
CLIENT_FS=$(stat -f -c %T "$CLIENT_DIR")
log "go mod download clients write their module caches to $CLIENT_DIR ($CLIENT_FS)"

HOT=500
GRAPH_SIZE=60
log "generating the corpus"
"$WORK/corpus" -out "$WORK/proxy" -clients "$WORK/clients" -hot $HOT -graph $GRAPH_SIZE -graph-sets w,c1,c2,c3 \
  -cold 20 -cold-big 5
CORPUS_FILES=$(find "$WORK/proxy" -type f | wc -l)
CORPUS_SIZE=$(du -sh "$WORK/proxy" | cut -f1)

for i in $(seq 0 $((HOT - 1))); do printf '/bench.example/hot/m%03d/@v/v1.0.0.info\n' "$i"; done >"$WORK/info.txt"
sed 's/\.info$/.mod/' "$WORK/info.txt" >"$WORK/mod.txt"
for size in small medium large; do echo "/bench.example/blob/$size/@v/v1.0.0.zip" >"$WORK/zip-$size.txt"; done

UP_PORT=$(free_port)
NGINX_PORT=$(free_port); [ "$NGINX_PORT" = "$UP_PORT" ] && NGINX_PORT=$((UP_PORT + 1))
GO_PORT=$(free_port); while [ "$GO_PORT" = "$UP_PORT" ] || [ "$GO_PORT" = "$NGINX_PORT" ]; do GO_PORT=$((GO_PORT + 1)); done
MV_PORT=$(free_port); while [ "$MV_PORT" = "$UP_PORT" ] || [ "$MV_PORT" = "$NGINX_PORT" ] || [ "$MV_PORT" = "$GO_PORT" ]; do MV_PORT=$((MV_PORT + 1)); done

NGINX_PREFIX="$WORK/nginx"
mkdir -p "$NGINX_PREFIX/logs"
{
  [ "$(id -u)" = 0 ] && echo "user root;"
  cat <<EOF
worker_processes auto;
pid $NGINX_PREFIX/nginx.pid;
error_log $NGINX_PREFIX/logs/error.log warn;
daemon on;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  keepalive_timeout 60s;
  client_body_temp_path $NGINX_PREFIX/tmp;
  types { application/json info; text/plain mod; application/zip zip; }
  default_type text/plain;
  # the upstream Modvault fetches from
  server { listen 127.0.0.1:$UP_PORT; root $WORK/proxy; }
  # the physical-limit reference, serving the same files
  server { listen 127.0.0.1:$NGINX_PORT; root $WORK/proxy; }
}
EOF
} >"$NGINX_PREFIX/nginx.conf"
nginx -c "$NGINX_PREFIX/nginx.conf" -p "$NGINX_PREFIX" -e "$NGINX_PREFIX/logs/error.log" \
  || die "nginx did not start"
wait_http "http://127.0.0.1:$UP_PORT/bench.example/hot/m000/@v/list" 10 || die "nginx does not answer"

"$WORK/fileserver" -addr "127.0.0.1:$GO_PORT" -root "$WORK/proxy" 2>>"$WORK/fileserver.log" &
FILESERVER_PID=$!
wait_http "http://127.0.0.1:$GO_PORT/bench.example/hot/m000/@v/list" 10 || die "the Go file server does not answer"

UP="http://127.0.0.1:$UP_PORT"
NGINX="http://127.0.0.1:$NGINX_PORT"
GOFS="http://127.0.0.1:$GO_PORT"
MV="http://127.0.0.1:$MV_PORT"

# ------------------------------------------------------------------------------------------------- (6) start-up

log "starting Modvault (first start: creates its PostgreSQL cluster); JVM flags: ${JAVA_OPTS:-(JVM defaults)}"
start_modvault "$WORK/modvault"
record startup first "$STARTUP_MS"
log "  ready after $STARTUP_MS ms"

# ------------------------------------------------------------------------------------------------- warm the cache

log "warming Modvault's cache"
{ cat "$WORK/info.txt" "$WORK/mod.txt"; cat "$WORK"/zip-*.txt; } \
  | awk -v base="$MV" '{ print "url = " base $0; print "output = /dev/null" }' >"$WORK/warm.curl"
curl -sf --no-progress-meter --parallel --parallel-max 8 -K "$WORK/warm.curl" || die "warming failed"
for f in info mod zip-large; do
  curl -sf -o /dev/null -D "$WORK/headers" "$MV$(head -1 "$WORK/$f.txt")" || die "GET $f failed"
  [ "$(tr -d '\r' <"$WORK/headers" | awk -F': ' 'tolower($1) == "x-modvault-cache" { print $2 }')" = hit ] \
    || die "$f not served from the cache after warming"
done

# ------------------------------------------------------------------------------------------------- JIT warm-up
# about 60 s of load: on a 2-core machine the JIT needs that long before throughput stops rising
jit_warm_up() { # URL
  for _ in 1 2 3 4 5 6; do
    wrk -t2 -c64 -d5s -s "$BENCH/paths.lua" "$1" -- "$WORK/info.txt" >/dev/null
    wrk -t2 -c64 -d5s -s "$BENCH/paths.lua" "$1" -- "$WORK/mod.txt" >/dev/null
  done
  wrk -t2 -c8 -d5s -s "$BENCH/paths.lua" "$1" -- "$WORK/zip-small.txt" >/dev/null
  wrk -t2 -c8 -d3s --timeout 30s -s "$BENCH/paths.lua" "$1" -- "$WORK/zip-medium.txt" >/dev/null
}
log "JIT warm-up of Modvault"
jit_warm_up "$MV"


# ------------------------------------------------------------------------------------------------- (3) cold fetch

log "cold fetches: each zip once through Modvault (a miss) and once straight from the upstream"
curl_time() { curl -sf -o /dev/null -D "$WORK/headers" -w '%{time_total}' "$1" || die "GET $1 failed"; }
cache_header() { tr -d '\r' <"$WORK/headers" | awk -F': ' 'tolower($1) == "x-modvault-cache" { print $2 }'; }
for kind in small:20 medium:5; do
  name=${kind%%:*}; count=${kind##*:}
  for i in $(seq 0 $((count - 1))); do
    path=$(printf '/bench.example/cold/%s%02d/@v/v1.0.0.zip' "$name" "$i")
    direct=$(curl_time "$UP$path")
    through=$(curl_time "$MV$path")
    first=$(cache_header)
    curl_time "$MV$path" >/dev/null
    again=$(cache_header)
    [ "$first" = miss ] && [ "$again" = hit ] || die "expected a miss then a hit for $path (got '$first', '$again')"
    record cold "$name" "$direct" "$through"
  done
done

# ------------------------------------------------------------------------------------------------- (4) go mod download, cold

log "go mod download of the $GRAPH_SIZE-module graph, cold (a fresh graph copy each run)"
for set in c1 c2 c3; do
  t=$(go_download "$UP" "$set"); record gocold direct "$t"
  t=$(go_download "$MV" "$set"); record gocold modvault "$t"
done

# ------------------------------------------------------------------------------------------------- (4) go mod download, warm

log "go mod download of the $GRAPH_SIZE-module graph, warm (fresh GOMODCACHE each run)"
go_download "$MV" w >/dev/null # fills the cache with graph w
for _ in $(seq 15); do # pairs close in time; 15 so that a slow phase of the machine moves the medians less
  t=$(go_download "$UP" w); record gowarm direct "$t"
  t=$(go_download "$MV" w); record gowarm modvault "$t"
done

# ------------------------------------------------------------------------------------------------- (1) (2) wrk

log "cached .info and .mod (500 modules, round robin); $ROUNDS rounds of $DURATION, servers interleaved"
for kind in info mod; do
  for conns in 1 16 64; do
    compare "$kind" "$WORK/$kind.txt" "$conns" nginx="$NGINX" go="$GOFS" modvault="$MV"
  done
done

log "cached zips, 8 connections"
for size in small medium large; do
  compare "zip-$size" "$WORK/zip-$size.txt" 8 nginx="$NGINX" go="$GOFS" modvault="$MV"
done

# ------------------------------------------------------------------------------------------------- (5) memory

log "memory: 50 concurrent downloads of the 100 MiB zip"
echo 5 >"/proc/$MODVAULT_PID/clear_refs" 2>/dev/null || true # resets VmHWM (Linux 4.0+)
RSS_BEFORE=$(awk '/^VmRSS/ { print $2 }' "/proc/$MODVAULT_PID/status")
CLIENT_PIDS=()
mkdir -p "$WORK/mem"
for i in $(seq 1 50); do
  curl -sf -o /dev/null -w '%{size_download}\n' "$MV/bench.example/blob/large/@v/v1.0.0.zip" >"$WORK/mem/$i.out" &
  CLIENT_PIDS+=($!)
done
PEAK_SAMPLED=0
MEM_START=$(now_ms)
while :; do
  alive=0
  for pid in "${CLIENT_PIDS[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1 && break; done
  rss=$(awk '/^VmRSS/ { print $2 }' "/proc/$MODVAULT_PID/status")
  [ "$rss" -gt "$PEAK_SAMPLED" ] && PEAK_SAMPLED=$rss
  [ $alive = 1 ] || break
  sleep 0.05
done
MEM_MS=$(($(now_ms) - MEM_START))
FAILED=0
for pid in "${CLIENT_PIDS[@]}"; do wait "$pid" || FAILED=$((FAILED + 1)); done
CLIENT_PIDS=()
FULL=$(cat "$WORK"/mem/*.out | awk -v size="$(stat -c %s "$WORK/proxy/bench.example/blob/large/@v/v1.0.0.zip")" '$1 == size' | wc -l)
HWM=$(awk '/^VmHWM/ { print $2 }' "/proc/$MODVAULT_PID/status")
heap_used() { # MiB used in all heap spaces (one "total ... used" line for G1, one per generation for the others)
  "$JCMD" "$MODVAULT_PID" GC.heap_info 2>/dev/null | awk '/total/ && /used/ { for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i + 1); sub(/,$/, "", v); n = v + 0; if (v ~ /M$/) n *= 1024; else if (v ~ /G$/) n *= 1048576; s += n } } END { if (s > 0) print int(s / 1024) }'; }
HEAP_AFTER=$(heap_used)
"$JCMD" "$MODVAULT_PID" GC.run >/dev/null 2>&1 || true
HEAP_LIVE=$(heap_used)
record memory "$RSS_BEFORE" "$PEAK_SAMPLED" "$HWM" "${HEAP_AFTER:-?}" "${HEAP_LIVE:-?}" "$FULL" "$FAILED" "$MEM_MS"
log "  peak RSS $((HWM / 1024)) MiB (sampled $((PEAK_SAMPLED / 1024)) MiB), $FULL/50 complete in $MEM_MS ms, heap used after ${HEAP_AFTER:-?} MiB"

# ------------------------------------------------------------------------------------------------- access log, restart

log "the access log's cost: the same replica, its access logger switched off and on between rounds"
access_log() { # INFO or OFF
  curl -sf -o /dev/null -X POST -H 'Content-Type: application/json' -d "{\"configuredLevel\":\"$1\"}" \
    "$MV/actuator/loggers/modvault.access" || die "cannot set the access logger's level"
}
for _ in $(seq 1 "$ROUNDS"); do
  access_log INFO; wrk_run info-log modvault "$MV" "$WORK/info.txt" 64
  access_log OFF; wrk_run info-log modvault-nolog "$MV" "$WORK/info.txt" 64
done
access_log INFO

log "sendfile: a second replica on the same store with modvault.serving.zero-copy=true, interleaved with nginx"
MV2_PORT=$(free_port); while [ "$MV2_PORT" = "$MV_PORT" ] || [ "$MV2_PORT" = "$UP_PORT" ] || [ "$MV2_PORT" = "$NGINX_PORT" ] || [ "$MV2_PORT" = "$GO_PORT" ]; do MV2_PORT=$((MV2_PORT + 1)); done
SECOND_DATA="$WORK/modvault-sendfile"
launch "$MV2_PORT" "$SECOND_DATA" "$WORK/modvault-sendfile.log" --modvault.serving.zero-copy=true \
  --modvault.storage.disk.root="$WORK/modvault/storage"
SECOND_PID=$LAUNCHED_PID
MV2="http://127.0.0.1:$MV2_PORT"
for size in small medium large; do curl -sf -o /dev/null "$MV2/bench.example/blob/$size/@v/v1.0.0.zip" || die "GET via the second replica failed"; done
wrk -t2 -c8 -d5s -s "$BENCH/paths.lua" "$MV2" -- "$WORK/zip-small.txt" >/dev/null
wrk -t2 -c8 -d3s --timeout 30s -s "$BENCH/paths.lua" "$MV2" -- "$WORK/zip-medium.txt" >/dev/null
for size in small medium large; do
  compare "zip-$size" "$WORK/zip-$size.txt" 8 nginx-b="$NGINX" modvault-sendfile="$MV2"
done
stop_second

log "restart: time to ready with existing data"
stop_modvault
start_modvault "$WORK/modvault"
record startup restart "$STARTUP_MS"
log "  ready after $STARTUP_MS ms"
stop_modvault

summarize_wrk

LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)

# ------------------------------------------------------------------------------------------------- report

val() { awk -F'\t' -v a="$1" -v b="$2" -v c="$3" -v col="$4" '$1 == "wrk" && $2 == a && $3 == b && $4 == c { print $col }' "$RESULTS"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
# the ratio a verdict is given on: unrounded, so that 1.202 is not "at most 1.2"
xratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.6f", a / b; else print "nan" }'; }
verdict() { awk -v a="$1" -v op="$2" -v b="$3" 'BEGIN { ok = (op == ">=") ? (a >= b) : (op == "<=") ? (a <= b) : (a < b); print ok ? "**met**" : "**not met**" }'; }

REPORT="$WORK/report.md"
{
  echo "<!-- bench:results:begin (written by bench/run.sh; everything between the markers is replaced) -->"
  echo
  echo "### Results${LABEL:+ ($LABEL)}"
  echo
  echo "Run of $(date -u '+%Y-%m-%d %H:%M UTC'): \`$COMMAND_LINE\`${MODVAULT_JAVA_OPTS+ with \`MODVAULT_JAVA_OPTS=\"$JAVA_OPTS\"\`}${EXTRA_ARGS:+ and \`MODVAULT_ARGS=\"$EXTRA_ARGS\"\`}"
  echo
  echo "| machine | |"
  echo "|---|---|"
  echo "| CPU | $(nproc) cores, $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo) |"
  echo "| memory | $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo) |"
  echo "| kernel | $(uname -sr) |"
  echo "| JDK | $("$JAVA" -version 2>&1 | head -2 | tail -1) |"
  echo "| Modvault JVM flags | \`${JAVA_OPTS:-(none)}\` |"
  echo "| nginx | $(nginx -v 2>&1 | sed 's/^nginx version: //') (sendfile on, access_log off, $(nproc) workers) |"
  echo "| Go | $(go version | awk '{ print $3 }') (net/http FileServer, GOMAXPROCS=$(nproc)) |"
  echo "| wrk | $(wrk -v 2>&1 | head -1 | awk '{ print $2 }') (-t2; -t1 for 1 connection; per scenario $ROUNDS rounds of $DURATION with the servers interleaved, medians) |"
  echo "| load average | $LOAD_START at start, $LOAD_END at the end (1, 5, 15 min) |"
  echo "| corpus | $CORPUS_FILES files, $CORPUS_SIZE: $HOT small modules, zips of 100 KiB, 5 MiB and 100 MiB, 4 copies of a $GRAPH_SIZE-module graph |"
  echo
  echo "#### (1) Cached .info and .mod, 500 distinct paths round robin"
  echo
  echo "| request | connections | nginx req/s | Go req/s | Modvault req/s | Modvault/nginx | Modvault/Go | p50 ms nginx / Go / Modvault | p99 ms nginx / Go / Modvault | errors |"
  echo "|---|---:|---:|---:|---:|---:|---:|---|---|---:|"
  for kind in info mod; do
    for conns in 1 16 64; do
      n=$(val "$kind" nginx "$conns" 5); g=$(val "$kind" go "$conns" 5); m=$(val "$kind" modvault "$conns" 5)
      errs=$(( $(val "$kind" nginx "$conns" 9) + $(val "$kind" go "$conns" 9) + $(val "$kind" modvault "$conns" 9) ))
      echo "| .$kind | $conns | $n | $g | $m | $(ratio "$m" "$n") | $(ratio "$m" "$g") | $(val "$kind" nginx "$conns" 7) / $(val "$kind" go "$conns" 7) / $(val "$kind" modvault "$conns" 7) | $(val "$kind" nginx "$conns" 8) / $(val "$kind" go "$conns" 8) / $(val "$kind" modvault "$conns" 8) | $errs |"
    done
  done
  nolog=$(val info-log modvault-nolog 64 5); withlog=$(val info-log modvault 64 5)
  echo
  echo "Access log (\`modvault.access-log\`): the same replica with its access logger switched off and on between" \
       "$ROUNDS interleaved rounds: $nolog cached .info/s at 64 connections without it against $withlog with it" \
       "(x$(ratio "$nolog" "$withlog")); p99 $(val info-log modvault-nolog 64 8) ms against $(val info-log modvault 64 8) ms."
  echo
  echo "#### (2) Cached zips, 8 connections (MB/s = 10^6 bytes/s)"
  echo
  echo "| zip | nginx MB/s | Go MB/s | Modvault MB/s | Modvault/nginx | Modvault/Go | p99 ms nginx / Go / Modvault | errors |"
  echo "|---|---:|---:|---:|---:|---:|---|---:|"
  for size in small:100KiB medium:5MiB large:100MiB; do
    s=zip-${size%%:*}
    n=$(val "$s" nginx 8 6); g=$(val "$s" go 8 6); m=$(val "$s" modvault 8 6)
    errs=$(( $(val "$s" nginx 8 9) + $(val "$s" go 8 9) + $(val "$s" modvault 8 9) ))
    echo "| ${size##*:} | $n | $g | $m | $(ratio "$m" "$n") | $(ratio "$m" "$g") | $(val "$s" nginx 8 8) / $(val "$s" go 8 8) / $(val "$s" modvault 8 8) | $errs |"
  done
  echo
  echo "With \`modvault.serving.zero-copy=true\` (Tomcat's sendfile; off by default, docs/decisions.md), a second replica"
  echo "measured interleaved with nginx:"
  echo
  echo "| zip | nginx MB/s | Modvault sendfile MB/s | Modvault sendfile/nginx | p99 ms nginx / Modvault sendfile | errors |"
  echo "|---|---:|---:|---:|---|---:|"
  for size in small:100KiB medium:5MiB large:100MiB; do
    s=zip-${size%%:*}
    n=$(val "$s" nginx-b 8 6); m=$(val "$s" modvault-sendfile 8 6)
    echo "| ${size##*:} | $n | $m | $(ratio "$m" "$n") | $(val "$s" nginx-b 8 8) / $(val "$s" modvault-sendfile 8 8) | $(( $(val "$s" nginx-b 8 9) + $(val "$s" modvault-sendfile 8 9) )) |"
  done
  echo
  echo "#### (3) Cold fetch: a miss through Modvault minus the same request straight to the upstream (medians)"
  echo
  echo "| zip | count | upstream direct ms | through Modvault (miss) ms | overhead ms |"
  echo "|---|---:|---:|---:|---:|"
  for name in small medium; do
    d=$(awk -F'\t' -v n="$name" '$1 == "cold" && $2 == n { print $3 * 1000 }' "$RESULTS" | median)
    t=$(awk -F'\t' -v n="$name" '$1 == "cold" && $2 == n { print $4 * 1000 }' "$RESULTS" | median)
    o=$(awk -F'\t' -v n="$name" '$1 == "cold" && $2 == n { print ($4 - $3) * 1000 }' "$RESULTS" | median)
    c=$(awk -F'\t' -v n="$name" '$1 == "cold" && $2 == n' "$RESULTS" | wc -l)
    printf '| %s | %s | %.1f | %.1f | %.1f |\n' "$([ $name = small ] && echo 100 KiB || echo 5 MiB)" "$c" "$d" "$t" "$o"
  done
  echo
  echo "#### (4) \`go mod download\` of the $GRAPH_SIZE-module graph (fresh GOMODCACHE each run, on $CLIENT_FS; seconds, median)"
  echo
  gwd=$(awk -F'\t' '$1 == "gowarm" && $2 == "direct" { print $3 }' "$RESULTS" | median)
  gwm=$(awk -F'\t' '$1 == "gowarm" && $2 == "modvault" { print $3 }' "$RESULTS" | median)
  gcd=$(awk -F'\t' '$1 == "gocold" && $2 == "direct" { print $3 }' "$RESULTS" | median)
  gcm=$(awk -F'\t' '$1 == "gocold" && $2 == "modvault" { print $3 }' "$RESULTS" | median)
  echo "| Modvault cache | runs | straight from the static upstream s | through Modvault s | Modvault/direct |"
  echo "|---|---:|---:|---:|---:|"
  echo "| warm (all cached) | $(awk -F'\t' '$1 == "gowarm" && $2 == "modvault"' "$RESULTS" | wc -l) | $gwd | $gwm | $(ratio "$gwm" "$gwd") |"
  echo "| cold (a graph copy never seen) | $(awk -F'\t' '$1 == "gocold" && $2 == "modvault"' "$RESULTS" | wc -l) | $gcd | $gcm | $(ratio "$gcm" "$gcd") |"
  echo
  echo "#### (5) Memory, 50 concurrent downloads of the 100 MiB zip"
  echo
  IFS=$'\t' read -r _ rss_before peak_sampled hwm heap_after heap_live full failed mem_ms < <(awk -F'\t' '$1 == "memory"' "$RESULTS")
  echo "| RSS before | peak RSS (VmHWM) | peak RSS sampled | heap used right after | heap live after GC | complete downloads | time |"
  echo "|---:|---:|---:|---:|---:|---:|---:|"
  echo "| $((rss_before / 1024)) MiB | $((hwm / 1024)) MiB | $((peak_sampled / 1024)) MiB | $heap_after MiB | $heap_live MiB | $full / 50 ($failed failed) | $(awk -v t="$mem_ms" 'BEGIN { printf "%.1f", t / 1000 }') s ($(awk -v t="$mem_ms" 'BEGIN { printf "%.0f", 50 * 104857852 / (t / 1000) / 1e6 }') MB/s) |"
  echo
  echo "#### (6) Start-up, process start until /actuator/health/readiness is UP"
  echo
  echo "| first start (creates the embedded PostgreSQL cluster) | restart (existing data) |"
  echo "|---:|---:|"
  echo "| $(awk -F'\t' '$1 == "startup" && $2 == "first" { print $3 }' "$RESULTS") ms | $(awk -F'\t' '$1 == "startup" && $2 == "restart" { print $3 }' "$RESULTS") ms |"
  echo
  echo "#### Targets (issue \"Fast\"), this run"
  echo
  echo "| target | figure | |"
  echo "|---|---|---|"
  for kind in info mod; do
    m=$(val "$kind" modvault 64 5); g=$(val "$kind" go 64 5); n=$(val "$kind" nginx 64 5)
    echo "| cached .$kind at 64 connections >= 1.0x Go | $(ratio "$m" "$g")x | $(verdict "$(xratio "$m" "$g")" ">=" 1.0) |"
    echo "| cached .$kind at 64 connections >= 0.5x nginx | $(ratio "$m" "$n")x | $(verdict "$(xratio "$m" "$n")" ">=" 0.5) |"
  done
  for size in small:100KiB medium:5MiB large:100MiB; do
    s=zip-${size%%:*}
    a=$(val "$s" modvault 8 6); b=$(val "$s" nginx 8 6)
    echo "| cached ${size##*:} zip >= 0.8x nginx | $(ratio "$a" "$b")x | $(verdict "$(xratio "$a" "$b")" ">=" 0.8) |"
  done
  for size in small:100KiB medium:5MiB large:100MiB; do
    s=zip-${size%%:*}
    a=$(val "$s" modvault-sendfile 8 6); b=$(val "$s" nginx-b 8 6)
    echo "| cached ${size##*:} zip >= 0.8x nginx, with zero-copy=true (opt-in) | $(ratio "$a" "$b")x | $(verdict "$(xratio "$a" "$b")" ">=" 0.8) |"
  done
  for conns in 1 16 64; do
    p=$(val info modvault "$conns" 8)
    echo "| cached .info p99 < 10 ms, $conns connections | $p ms | $(verdict "$p" "<" 10) |"
  done
  echo "| peak RSS < 512 MiB with 50 concurrent 100 MiB zips | $((hwm / 1024)) MiB | $(verdict "$((hwm / 1024))" "<" 512) |"
  echo "| warm \`go mod download\` <= 1.2x the direct static upstream | $(ratio "$gwm" "$gwd")x | $(verdict "$(xratio "$gwm" "$gwd")" "<=" 1.2) |"
  echo
  echo "<!-- bench:results:end -->"
} >"$REPORT"

cat "$REPORT"
if [ "$DOC" != "-" ]; then
  if [ -f "$DOC" ] && grep -q '<!-- bench:results:begin' "$DOC" && grep -q '<!-- bench:results:end' "$DOC"; then
    awk -v report="$REPORT" '
      /<!-- bench:results:begin/ { while ((getline line < report) > 0) print line; skip = 1; next }
      /<!-- bench:results:end/ { skip = 0; next }
      !skip { print }' "$DOC" >"$DOC.tmp" && mv "$DOC.tmp" "$DOC"
  else
    { echo "# Performance"; echo; cat "$REPORT"; } >"$DOC"
  fi
  log "results written to $DOC"
fi
cp "$RESULTS" "$WORK/../modvault-bench-last.tsv" 2>/dev/null || true
