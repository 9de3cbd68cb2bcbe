#!/usr/bin/env bash
# Side-by-side benchmark: Asset Store vs nginx (the ceiling), optionally vs Directus.
# See bench/README.md. Never run in CI.
#
#   bench/run.sh [--quick] [--jar PATH | --no-build] [--launcher] [--peer directus] [--keep]
#                [--rows core,resumable,preview,console]
#
# Full run: ~12-15 minutes on a 2-core machine for the core rows; writes bench/RESULTS.md.
# --quick:  small sizes and 3-second runs (a smoke test of the harness); writes bench/RESULTS-quick.md.
# --rows:   only these groups (default: all). Without `core` the table is appended to RESULTS.md
#           as a new dated section instead of replacing it.
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(cd "$BENCH_DIR/.." && pwd)
COMMAND_LINE="bench/run.sh${*:+ $*}"

QUICK=0
JAR=""
BUILD=1
PEER=""
KEEP=0
LAUNCHER=0
ROW_GROUPS=core,resumable,preview,console
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) QUICK=1 ;;
    --jar) JAR=$2; BUILD=0; shift ;;
    --no-build) BUILD=0 ;;
    --peer) PEER=$2; shift ;;
    --keep) KEEP=1 ;;
    --launcher) LAUNCHER=1 ;;
    --rows) ROW_GROUPS=$2; shift ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
  shift
done
if [ -n "$PEER" ] && [ "$PEER" != directus ]; then
  echo "--peer: only 'directus' is supported" >&2; exit 2
fi
for g in ${ROW_GROUPS//,/ }; do
  case "$g" in core|resumable|preview|console) ;; *) echo "--rows: unknown group '$g'" >&2; exit 2 ;; esac
done
want() { [[ ",$ROW_GROUPS," == *",$1,"* ]]; }   # want GROUP: was this row group asked for?

# ---------------------------------------------------------------- sizes and durations
if [ "$QUICK" = 1 ]; then
  LIST_RECORDS=${LIST_RECORDS:-100000}
  FOLDER_FILES=${FOLDER_FILES:-200}       # x 1 MiB
  DEEP_PAGES=${DEEP_PAGES:-20}            # x 250 records walked for the deep cursor ...
  DEEP_SECONDS=${DEEP_SECONDS:-20}        # ... or fewer if walking takes longer than this
  WARMUP=${WARMUP:-1}
  LIST_WARMUP=${LIST_WARMUP:-1}
  DURATION=${DURATION:-3}
  RESULTS=$BENCH_DIR/RESULTS-quick.md
else
  LIST_RECORDS=${LIST_RECORDS:-1000000}
  FOLDER_FILES=${FOLDER_FILES:-1024}
  DEEP_PAGES=${DEEP_PAGES:-400}
  DEEP_SECONDS=${DEEP_SECONDS:-120}
  WARMUP=${WARMUP:-5}
  LIST_WARMUP=${LIST_WARMUP:-30}
  DURATION=${DURATION:-10}
  RESULTS=$BENCH_DIR/RESULTS.md
fi
RUNS=3
ZIP_FILES=100                             # multi-asset ZIP: 100 x 1 MiB
ADMIN_KEY=bench-admin-key-4f1c2a9e7d6b3a58
JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
[ -x "$JAVA_HOME/bin/java" ] || JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
export JAVA_HOME
JAVA=$JAVA_HOME/bin/java
LIST_QUERY="content_type=image/png&sort_by=name&sort_order=asc"

WORK=$(mktemp -d "${BENCH_WORK:-/tmp}/asset-store-bench.XXXXXX")
DATA=$WORK/data
NGX=$WORK/nginx
FILES=$WORK/files
OUT=$WORK/out
ROWS=$WORK/rows.tsv
mkdir -p "$DATA" "$NGX/dav" "$NGX/tmp" "$FILES" "$OUT"
: > "$ROWS"

SERVER_PID=""
NGINX_PID=""
SAMPLER_PIDS=()

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

cleanup() {
  local rc=$?
  set +e
  touch "$WORK/stop-samplers" 2>/dev/null
  for p in "${SAMPLER_PIDS[@]}"; do kill "$p" 2>/dev/null; done
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
  [ -n "$NGINX_PID" ] && kill "$NGINX_PID" 2>/dev/null && wait "$NGINX_PID" 2>/dev/null
  type peer_cleanup >/dev/null 2>&1 && peer_cleanup
  if [ "$KEEP" = 1 ] || [ $rc -ne 0 ]; then
    log "work directory kept: $WORK"
  else
    rm -rf "$WORK"
  fi
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# row LABEL UNIT ASSET_STORE NGINX [PEER] [NOTE]
row() { printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" "${5:-}" "${6:-}" >> "$ROWS"; }
median() { python3 "$BENCH_DIR/stats.py" median "$@"; }
fmt() { python3 -c "import sys; print(format(eval(sys.argv[2]), sys.argv[1]))" "$1" "$2"; }  # fmt SPEC EXPR
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}
now_ns() { date +%s%N; }
json() { python3 -c 'import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1], {"d": d}))' "$1"; }

# ---------------------------------------------------------------- tools
ensure_tools() {
  local missing=()
  command -v wrk >/dev/null || missing+=(wrk)
  command -v nginx >/dev/null || missing+=(nginx-light)
  command -v sqlite3 >/dev/null || missing+=(sqlite3)
  command -v curl >/dev/null || missing+=(curl)
  command -v python3 >/dev/null || missing+=(python3)
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]} (apt-get)"
    [ "$(id -u)" = 0 ] || die "need root to apt-get install ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
  if ! nginx -V 2>&1 | grep -q -- --with-http_dav_module; then
    log "this nginx lacks the WebDAV module; installing nginx-full"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-full >/dev/null
    nginx -V 2>&1 | grep -q -- --with-http_dav_module || die "no nginx with http_dav_module"
  fi
  [ -x "$JAVA" ] || die "no JDK 25 at $JAVA_HOME"
}

# ---------------------------------------------------------------- Asset Store process
SERVER_PORT=""
BASE=""
start_server() {   # start_server LOGNAME -> sets SERVER_PID, BASE, COLD_MS (start to first 200 on /ready)
  SERVER_PORT=$(free_port)
  BASE=http://127.0.0.1:$SERVER_PORT
  local t0 cmd
  # shellcheck disable=SC2206
  cmd=("$JAVA" ${BENCH_JAVA_OPTS:-} -jar "$JAR")
  [ "$LAUNCHER" = 0 ] || cmd=("$REPO_DIR/bin/asset-store")
  t0=$(now_ns)
  # shellcheck disable=SC2086
  ASSET_STORE_PORT=$SERVER_PORT ASSET_STORE_HOST=127.0.0.1 ASSET_STORE_DATA_DIR=$DATA \
    ASSET_STORE_ADMIN_KEY=$ADMIN_KEY ASSET_STORE_REQUEST_LOG=WARN \
    ASSET_STORE_MAX_UPLOAD_BYTES=$((200 * 1024 * 1024)) \
    ASSET_STORE_JAR=$JAR ASSET_STORE_AOT_DIR=$WORK/aot JAVA_OPTS=${BENCH_JAVA_OPTS:-} \
    "${cmd[@]}" > "$OUT/$1.log" 2>&1 &
  SERVER_PID=$!
  local deadline=$(( $(date +%s) + 180 ))
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/ready" 2>/dev/null)" = 200 ]; do
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$OUT/$1.log" >&2; die "server exited during start"; }
    [ "$(date +%s)" -lt "$deadline" ] || die "server not ready after 180 s"
    sleep 0.02
  done
  COLD_MS=$(( ($(now_ns) - t0) / 1000000 ))
  log "Asset Store ready on $BASE after ${COLD_MS} ms (pid $SERVER_PID)"
}
stop_server() {
  kill "$SERVER_PID"
  local i
  for i in $(seq 150); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.2; done
  kill -9 "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=""
}
api() { curl -sS -f -H "X-API-Key: $ADMIN_KEY" "$@"; }
KEYH="X-API-Key: $ADMIN_KEY"
UPLOAD_RETRIES=0
upload() {  # upload FILE NAME [FOLDER_ID] -> JSON; retried (and counted) on a non-201
  local try code
  for try in 1 2 3; do
    code=$(curl -sS -o "$OUT/upload-response" -w '%{http_code}' -H "X-API-Key: $ADMIN_KEY" -H 'Expect:' \
      -F "file=@$1;filename=$2" "$BASE/api/store/asset/upload${3:+?folder=$3}" || true)
    if [ "$code" = 201 ]; then cat "$OUT/upload-response"; return 0; fi
    log "  upload of $2 answered $code: $(head -c 200 "$OUT/upload-response" 2>/dev/null) (try $try)"
    echo 1 >> "$OUT/upload-retries"
  done
  die "upload of $2 failed 3 times"
}
mkfolder() {  # mkfolder NAME -> id
  api -H 'Content-Type: application/json' -d "{\"name\":\"$1\"}" "$BASE/api/store/folder/" | json 'd["id"]'
}
blob_path() {  # blob_path ASSET_ID -> path relative to the blobs dir
  local k
  k=$(sqlite3 "$DATA/store.db" "select blob_key from assets where id='$1'")
  [ -n "$k" ] || die "no blob_key for asset $1"
  echo "${k:0:2}/${k:2:2}/$k"
}
rss_kb() {  # rss_kb PID... -> summed VmRSS in KiB
  local s=0 p v
  for p in "$@"; do
    v=$(awk '/^VmRSS:/ {print $2}' "/proc/$p/status" 2>/dev/null || echo 0)
    s=$((s + ${v:-0}))
  done
  echo $s
}
nginx_pids() { echo "$NGINX_PID" $(pgrep -P "$NGINX_PID" || true); }
# "heap old": all heap pools, and the old generation alone. The young generation's size follows
# the allocation rate and the collector's timing; what a response retains ends up in the old one.
heap_sample() {
  curl -s "$BASE/metrics" | awk 'index($0, "jvm_memory_used_bytes{area=\"heap\"") == 1 {s += $NF; if (index($0, "Old Gen")) o += $NF} END {printf "%d %d\n", s, o}'
}
heap_bytes() { heap_sample | cut -d' ' -f1; }

# background samplers: keep the maximum in a file until $WORK/stop-samplers exists
start_rss_sampler() {  # start_rss_sampler OUTFILE server|nginx
  ( max=0
    while [ ! -e "$WORK/stop-samplers" ]; do
      if [ "$2" = server ]; then v=$(rss_kb "$SERVER_PID"); else v=$(rss_kb $(nginx_pids)); fi
      [ "$v" -gt "$max" ] && max=$v && echo "$max" > "$1"
      sleep 0.5
    done ) &
  SAMPLER_PIDS+=($!)
}
start_heap_sampler() {  # start_heap_sampler OUTFILE STOPFILE -> OUTFILE: "max_heap max_old"
  echo "0 0" > "$1"
  ( max=0 maxold=0
    while [ ! -e "$2" ] && [ ! -e "$WORK/stop-samplers" ]; do
      read -r v o < <(heap_sample || echo "0 0")
      [ "${v:-0}" -gt "$max" ] && max=$v
      [ "${o:-0}" -gt "$maxold" ] && maxold=$o
      echo "$max $maxold" > "$1"
      sleep 0.1
    done ) &
  HEAP_SAMPLER_PID=$!
}

# Removes $UP_FOLDER, the folder the upload rows write into. wrk stops with requests in flight:
# let them finish before removing what they write.
as_up_after() { sleep 1; api -X DELETE "$BASE/api/store/folder/$UP_FOLDER?recursive=true" -o /dev/null; }
# 100 MiB uploads by curl (the core rows and the resumable rows); the target folder is $UP_FOLDER
BIG_FAIL_AS=0; BIG_FAIL_NG=0
big_upload() {  # big_upload as|ng RUN -> seconds; a non-2xx answer is counted and the upload repeated
  local try line
  for try in 1 2 3 4 5; do
    if [ "$1" = as ]; then
      line=$(curl -sS -o "$OUT/big-response" -w '%{http_code} %{time_total}' -H "$KEYH" -H 'Expect:' \
        -F "file=@$FILES/100m.bin;filename=big-$2-$try.bin" "$BASE/api/store/asset/upload?folder=$UP_FOLDER")
    else
      line=$(curl -sS -o "$OUT/big-response" -w '%{http_code} %{time_total}' -H 'Expect:' \
        -T "$FILES/100m.bin" "$NB/dav/big/$2-$try.bin")
    fi
    case "$line" in 2*) echo "${line#* }"; return 0 ;; esac
    log "  100 MiB upload ($1) answered ${line%% *}: $(head -c 200 "$OUT/big-response")"
    echo 1 >> "$OUT/big-fail-$1"
  done
  die "100 MiB upload ($1) failed 5 times"
}

# ---------------------------------------------------------------- wrk
# wrk_bench NAME CONNECTIONS URL [wrk args...]: one warm-up run, then $RUNS measured runs.
# Hooks BEFORE_RUN / AFTER_RUN (function names, may be empty) run around each of them.
# Sets WRK_RESULT="rps MBps p50_ms p99_ms errors" (medians; errors summed).
BEFORE_RUN=""
AFTER_RUN=""
wrk_bench() {
  local name=$1 conns=$2 url=$3; shift 3
  local i d files=()
  for i in $(seq 0 $RUNS); do
    d=$DURATION; [ "$i" = 0 ] && d=$WARMUP
    [ -n "$BEFORE_RUN" ] && $BEFORE_RUN "$i"
    BENCH_RUN=$i wrk -t2 -c"$conns" -d"${d}s" --timeout 30s "$@" "$url" > "$OUT/wrk-$name.$i.txt" 2>&1 \
      || { cat "$OUT/wrk-$name.$i.txt" >&2; die "wrk failed for $name"; }
    [ -n "$AFTER_RUN" ] && $AFTER_RUN "$i"
    [ "$i" = 0 ] || files+=("$OUT/wrk-$name.$i.txt")
  done
  WRK_RESULT=$(python3 "$BENCH_DIR/stats.py" wrk "${files[@]}")
  log "  $name: $WRK_RESULT  (req/s MB/s p50ms p99ms errors)"
}
w() { echo "$WRK_RESULT" | awk -v f="$1" '{print $f}'; }   # field of WRK_RESULT
errnote() { [ "$(w 5)" = 0 ] || echo "$1: $(w 5) errors/non-2xx"; }

REPORT_LUA=$BENCH_DIR/lua/report.lua
UPLOAD_LUA=$WORK/upload.lua
cat "$BENCH_DIR/lua/upload.lua" "$BENCH_DIR/lua/report.lua" > "$UPLOAD_LUA"

# ================================================================ 1. build and seed
ensure_tools
if [ -z "$JAR" ]; then
  JAR=$REPO_DIR/target/asset-store.jar
  if [ "$BUILD" = 1 ]; then
    log "building target/asset-store.jar (mvn -B -q package -DskipTests)"
    (cd "$REPO_DIR" && mvn -B -q package -DskipTests)
  fi
fi
[ -f "$JAR" ] || die "no jar at $JAR"
JAR=$(cd "$(dirname "$JAR")" && pwd)/$(basename "$JAR")

log "work directory $WORK; quick=$QUICK"
head -c 4096 /dev/urandom > "$FILES/4k.bin"
head -c $((1024 * 1024)) /dev/urandom > "$FILES/1m.bin"
head -c $((100 * 1024 * 1024)) /dev/urandom > "$FILES/100m.bin"

log "seeding through the API (fresh data directory)"
start_server seed-start
ID_4K=$(upload "$FILES/4k.bin" 4k.bin | json 'd["id"]')
ID_1M=$(upload "$FILES/1m.bin" 1m.bin | json 'd["id"]')
ID_100M=$(upload "$FILES/100m.bin" 100m.bin | json 'd["id"]')
if want core; then
FOLDER_ID=$(mkfolder folder-zip)
mkdir -p "$OUT/folder-upload"
export ADMIN_KEY BASE FOLDER_ID OUT
t0=$(now_ns)
seq -f '%04g' 1 "$FOLDER_FILES" | xargs -P 4 -I{} sh -c \
  'f="$OUT/folder-upload/{}.bin"; head -c 1048576 /dev/urandom > "$f"
   for try in 1 2 3; do
     code=$(curl -sS -H "X-API-Key: $ADMIN_KEY" -H "Expect:" -F "file=@$f;filename=part-{}.bin" \
       "$BASE/api/store/asset/upload?folder=$FOLDER_ID" -o "$OUT/folder-upload/{}.json" -w "%{http_code}" || true)
     [ "$code" = 201 ] && break
     echo "  upload of part-{}.bin answered $code (try $try)" >&2; echo 1 >> "$OUT/upload-retries"
   done
   rm -f "$f"; [ "$code" = 201 ]'
log "  uploaded $FOLDER_FILES x 1 MiB into folder-zip in $(( ($(now_ns) - t0) / 1000000 )) ms"
ZIP_IDS=()
for f in $(ls "$OUT/folder-upload" | grep '\.json$' | sort | head -n $ZIP_FILES); do
  ZIP_IDS+=("$(json 'd["id"]' < "$OUT/folder-upload/$f")")
done
[ ${#ZIP_IDS[@]} = $ZIP_FILES ] || die "expected $ZIP_FILES ids for the multi-asset ZIP"
fi
stop_server

BLOB_4K=$(blob_path "$ID_4K"); BLOB_1M=$(blob_path "$ID_1M"); BLOB_100M=$(blob_path "$ID_100M")
if want core; then
log "bulk SQL seeder: $LIST_RECORDS asset records in a 1,111-folder tree (server stopped)"
SEED_JSON=$(python3 "$BENCH_DIR/seed_list.py" "$DATA/store.db" "$ID_4K" listing "$LIST_RECORDS")
log "  $SEED_JSON"
ZIP_BLOBS=(); for id in "${ZIP_IDS[@]}"; do ZIP_BLOBS+=("$(blob_path "$id")"); done
FOLDER_BLOBS=()
while read -r k; do FOLDER_BLOBS+=("${k:0:2}/${k:2:2}/$k"); done < <(
  sqlite3 "$DATA/store.db" "select blob_key from assets where folder_id='$FOLDER_ID' order by name")
fi
sync

# ================================================================ measured start
log "measured start of Asset Store (cold start to first 200 on /ready)"
start_server measured
AS_COLD_MS=$COLD_MS
sleep 5
AS_IDLE_RSS_KB=$(rss_kb "$SERVER_PID")
AS_IDLE_HEAP=$(heap_bytes)

# ================================================================ 2. nginx
NGINX_PORT=$(free_port)
NB=http://127.0.0.1:$NGINX_PORT
cat > "$NGX/nginx.conf" <<EOF
user root;
worker_processes 2;
daemon off;
pid $NGX/nginx.pid;
error_log $NGX/error.log warn;
events { worker_connections 1024; }
http {
  sendfile on;
  tcp_nopush on;
  access_log off;
  keepalive_requests 1000000;
  default_type application/octet-stream;
  client_body_temp_path $NGX/tmp/body;
  proxy_temp_path $NGX/tmp/proxy;
  fastcgi_temp_path $NGX/tmp/fastcgi;
  uwsgi_temp_path $NGX/tmp/uwsgi;
  scgi_temp_path $NGX/tmp/scgi;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    location /blobs/ { alias $DATA/blobs/; }
    location /dav/ {
      alias $NGX/dav/;
      dav_methods PUT;
      create_full_put_path on;
      client_max_body_size 2g;
    }
  }
}
EOF
log "starting nginx on $NB"
t0=$(now_ns)
nginx -e "$NGX/error.log" -p "$NGX" -c "$NGX/nginx.conf" &
NGINX_PID=$!
until [ "$(curl -s -o /dev/null -w '%{http_code}' "$NB/blobs/$BLOB_4K" 2>/dev/null)" = 200 ]; do
  kill -0 "$NGINX_PID" 2>/dev/null || { cat "$NGX/error.log" >&2; die "nginx exited"; }
  sleep 0.01
done
NG_COLD_MS=$(( ($(now_ns) - t0) / 1000000 ))
sleep 1
NG_IDLE_RSS_KB=$(rss_kb $(nginx_pids))
cmp -s <(curl -s "$NB/blobs/$BLOB_1M") "$FILES/1m.bin" || die "nginx does not serve the 1 MiB blob"
cmp -s <(api "$BASE/api/store/asset/download?id=$ID_1M") "$FILES/1m.bin" || die "Asset Store 1 MiB download differs"

# ================================================================ core rows (--rows core)
if want core; then
# ================================================================ deep cursor
log "walking up to $DEEP_PAGES pages of 250 ($LIST_QUERY; at most ${DEEP_SECONDS} s) for the deep-page cursor"
read -r DEEP_WALKED DEEP_CURSOR < <(python3 - "$BASE" "$ADMIN_KEY" "$LIST_QUERY" "$DEEP_PAGES" "$DEEP_SECONDS" <<'EOF'
import json, sys, time, urllib.request
base, key, query, pages, budget = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), float(sys.argv[5])
cursor, walked, t0 = None, 0, time.time()
while walked < pages and (walked == 0 or time.time() - t0 < budget):
    url = "%s/api/store/asset/?limit=250&include_total=false&%s" % (base, query)
    if cursor:
        url += "&cursor=" + cursor
    page = json.load(urllib.request.urlopen(urllib.request.Request(url, headers={"X-API-Key": key})))
    if not page["next_page"]:
        break
    cursor = page["next_cursor"]
    walked += 1
print(walked, cursor)
EOF
)
[ "${DEEP_WALKED:-0}" -gt 0 ] || die "could not walk the list for a deep cursor"
DEEP_AT=$((DEEP_WALKED * 250))
LIST_TOTAL=$(api "$BASE/api/store/asset/?limit=1&$LIST_QUERY" | json 'd["collection_total"]')
log "  filtered set: $LIST_TOTAL records; deep page starts after record $DEEP_AT"

# ================================================================ 3. load
start_rss_sampler "$OUT/as-rss-max" server
start_rss_sampler "$OUT/ng-rss-max" nginx
log "GET 4 KiB, 64 connections"
wrk_bench as-4k 64 "$BASE/api/store/asset/download?id=$ID_4K" -H "$KEYH" -s "$REPORT_LUA"
A=$WRK_RESULT; AE=$(errnote AS)
wrk_bench ng-4k 64 "$NB/blobs/$BLOB_4K" -s "$REPORT_LUA"
N=$WRK_RESULT; NE=$(errnote nginx)
WRK_RESULT=$A; a1=$(w 1); a2=$(w 3); a3=$(w 4); WRK_RESULT=$N
row "GET 4 KiB asset, 64 conn" "req/s" "$(fmt .0f "$a1")" "$(fmt .0f "$(w 1)")" "" "$AE $NE"
row "GET 4 KiB asset, 64 conn — p50" "ms" "$(fmt .2f "$a2")" "$(fmt .2f "$(w 3)")"
row "GET 4 KiB asset, 64 conn — p99" "ms" "$(fmt .2f "$a3")" "$(fmt .2f "$(w 4)")"

log "GET 1 MiB, 16 connections"
wrk_bench as-1m 16 "$BASE/api/store/asset/download?id=$ID_1M" -H "$KEYH" -s "$REPORT_LUA"
a1=$(w 2); AE=$(errnote AS)
wrk_bench ng-1m 16 "$NB/blobs/$BLOB_1M" -s "$REPORT_LUA"
row "GET 1 MiB asset, 16 conn" "GB/s" "$(fmt .2f "$a1 / 1000")" \
  "$(fmt .2f "$(w 2) / 1000")" "" "$AE $(errnote nginx)"

RANGE="bytes=52428800-52432895"
log "Range GET 4 KiB of the 100 MiB asset ($RANGE), 64 connections"
wrk_bench as-range 64 "$BASE/api/store/asset/download?id=$ID_100M" -H "$KEYH" -H "Range: $RANGE" -s "$REPORT_LUA"
a1=$(w 1); AE=$(errnote AS)
wrk_bench ng-range 64 "$NB/blobs/$BLOB_100M" -H "Range: $RANGE" -s "$REPORT_LUA"
row "Range GET 4 KiB slice of 100 MiB asset, 64 conn" "req/s" "$(fmt .0f "$a1")" "$(fmt .0f "$(w 1)")" "" "$AE $(errnote nginx)"

# uploads: a fresh target folder (server) or directory (nginx) per run, removed after it
as_up_before() { UP_FOLDER=$(mkfolder "upload-run-$1"); export BENCH_PATH="/api/store/asset/upload?folder=$UP_FOLDER"; }
ng_up_before() { export BENCH_PATH="/dav/run-$1/"; }
ng_up_after() { sleep 1; rm -rf "$NGX/dav/run-$1" 2>/dev/null || { sleep 2; rm -rf "$NGX/dav/run-$1"; }; }
log "upload 1 MiB, 16 connections (server: multipart POST; nginx: WebDAV PUT)"
export BENCH_FILE=$FILES/1m.bin BENCH_KEY=$ADMIN_KEY
BEFORE_RUN=as_up_before; AFTER_RUN=as_up_after; export BENCH_MODE=multipart
wrk_bench as-up1m 16 "$BASE" -s "$UPLOAD_LUA"
a1=$(w 1); AE=$(errnote AS)
BEFORE_RUN=ng_up_before; AFTER_RUN=ng_up_after; export BENCH_MODE=put
wrk_bench ng-up1m 16 "$NB" -s "$UPLOAD_LUA"
BEFORE_RUN=""; AFTER_RUN=""
row "Upload 1 MiB (multipart POST vs nginx PUT), 16 conn" "req/s" "$(fmt .0f "$a1")" "$(fmt .0f "$(w 1)")" "" "$AE $(errnote nginx)"

# The curl download rows warm up as long as the wrk rows do ($WARMUP s, at least once), then
# measure $RUNS runs: one warm-up request left the JIT compiling through the measured runs (perf showed C2 at
# most of a core during a ZIP), which measures the JVM's warm-up, not the server.
warm() {  # warm CMD... : runs CMD (output dropped) until $WARMUP s have passed, at least once
  local end=$(( $(date +%s) + WARMUP ))
  while :; do
    "$@" > /dev/null
    [ "$(date +%s)" -lt "$end" ] || break
  done
}
log "upload 100 MiB, one connection, curl in a loop"
UP_FOLDER=$(mkfolder upload-big)
AS_T=(); NG_T=()
# Two warm-ups each, not $WARMUP seconds' worth: gigabytes of warm-up writes left the page cache
# writing back through this row and the next ones (nginx's PUT fell from 1,848 to 617 MB/s and
# the list p99 rose). Dirty pages are flushed before the measured runs and after the row.
for i in 1 2; do big_upload as "w$i" > /dev/null; big_upload ng "w$i" > /dev/null; done
sync
for i in $(seq 1 $RUNS); do
  AS_T+=("$(big_upload as "$i")")
  NG_T+=("$(big_upload ng "$i")")
done
as_up_after; rm -rf "$NGX/dav/big"; sync
BIG_NOTE=""
[ -s "$OUT/big-fail-as" ] && BIG_NOTE="AS: $(wc -l < "$OUT/big-fail-as") failed upload(s) repeated"
[ -s "$OUT/big-fail-ng" ] && BIG_NOTE="$BIG_NOTE nginx: $(wc -l < "$OUT/big-fail-ng") failed upload(s) repeated"
row "Upload 100 MiB, 1 conn (curl)" "MB/s" "$(fmt .0f "104.857600 / $(median "${AS_T[@]}")")" \
  "$(fmt .0f "104.857600 / $(median "${NG_T[@]}")")" "" "$BIG_NOTE"

# ZIPs: Asset Store streams a ZIP; nginx's figure is the same files fetched one after another
# on one keep-alive connection by one curl (the ceiling for moving those bytes).
zip_as() {  # zip_as URL NAME -> sets Z_MBPS Z_TTFB_MS Z_HEAP_MIB Z_OLD_MIB (medians / max over measured runs)
  local url=$1 name=$2 i line mb=() tt=()
  start_heap_sampler "$OUT/heap-$name" "$OUT/stop-heap-$name"
  warm curl -sS -f -o /dev/null -H "$KEYH" "$url"
  for i in $(seq 1 $RUNS); do
    line=$(curl -sS -f -o /dev/null -w '%{time_starttransfer} %{time_total} %{size_download}' -H "$KEYH" "$url")
    mb+=("$(echo "$line" | awk '{printf "%.3f", $3 / $2 / 1e6}')")
    tt+=("$(echo "$line" | awk '{printf "%.3f", $1 * 1000}')")
    Z_BYTES=$(echo "$line" | awk '{print $3}')
  done
  touch "$OUT/stop-heap-$name"; wait "$HEAP_SAMPLER_PID" || true
  Z_MBPS=$(median "${mb[@]}"); Z_TTFB_MS=$(median "${tt[@]}")
  Z_HEAP_MIB="$(cut -d' ' -f1 "$OUT/heap-$name") / 1048576"
  Z_OLD_MIB="$(cut -d' ' -f2 "$OUT/heap-$name") / 1048576"
}
zip_ng() {  # zip_ng NAME BLOB... -> sets Z_MBPS Z_TTFB_MS
  local name=$1 i b mb=() tt=(); shift
  for b in "$@"; do printf 'url = "%s/blobs/%s"\noutput = "/dev/null"\n' "$NB" "$b"; done > "$OUT/curl-$name.cfg"
  warm curl -sS -f -K "$OUT/curl-$name.cfg"
  for i in $(seq 1 $RUNS); do
    curl -sS -f -K "$OUT/curl-$name.cfg" -w '%{time_starttransfer} %{time_total} %{size_download}\n' > "$OUT/curl-$name.$i.txt"
    mb+=("$(awk '{t += $2; s += $3} END {printf "%.3f", s / t / 1e6}' "$OUT/curl-$name.$i.txt")")
    tt+=("$(awk 'NR == 1 {printf "%.3f", $1 * 1000}' "$OUT/curl-$name.$i.txt")")
  done
  Z_MBPS=$(median "${mb[@]}"); Z_TTFB_MS=$(median "${tt[@]}")
}
# A ZIP is one stream on one connection: its fair single-download reference is one large file
# on one connection, not the 16-connection aggregate of the GET 1 MiB row.
single_get() {  # single_get URL [HEADER] -> MB/s, median of $RUNS after the warm-up
  local i line mb=()
  warm curl -sS -f -o /dev/null ${2:+-H "$2"} "$1"
  for i in $(seq 1 $RUNS); do
    line=$(curl -sS -f -o /dev/null -w '%{time_total} %{size_download}' ${2:+-H "$2"} "$1")
    mb+=("$(echo "$line" | awk '{printf "%.3f", $2 / $1 / 1e6}')")
  done
  median "${mb[@]}"
}
log "single download of the 100 MiB asset on one connection"
A_SINGLE=$(single_get "$BASE/api/store/asset/download?id=$ID_100M" "$KEYH")
N_SINGLE=$(single_get "$NB/blobs/$BLOB_100M")
row "GET 100 MiB asset, 1 conn (curl)" "MB/s" "$(fmt .0f "$A_SINGLE")" "$(fmt .0f "$N_SINGLE")" "" "the single-download reference for the ZIP rows"

log "multi-asset ZIP of $ZIP_FILES x 1 MiB"
ZIP_URL="$BASE/api/store/asset/download?$(printf 'id=%s&' "${ZIP_IDS[@]}" | sed 's/&$//')"
zip_as "$ZIP_URL" multi; A_MB=$Z_MBPS; A_TT=$Z_TTFB_MS; A_HEAP_MULTI=$Z_HEAP_MIB; A_OLD_MULTI=$Z_OLD_MIB; A_SIZE_MULTI=$Z_BYTES
zip_ng multi "${ZIP_BLOBS[@]}"
row "ZIP of $ZIP_FILES × 1 MiB assets" "MB/s" "$(fmt .0f "$A_MB")" "$(fmt .0f "$Z_MBPS")" "" "nginx: the same files one after another on one connection"
row "ZIP of $ZIP_FILES × 1 MiB assets — time to first byte" "ms" "$(fmt .1f "$A_TT")" "$(fmt .1f "$Z_TTFB_MS")"
row "ZIP of $ZIP_FILES × 1 MiB assets — peak heap" "MiB" "$(fmt .0f "$A_HEAP_MULTI")" "" "" "idle heap before load: $(fmt .0f "$AS_IDLE_HEAP / 1048576") MiB; old generation at most $(fmt .0f "$A_OLD_MULTI") MiB"

FOLDER_MIB=$FOLDER_FILES
log "folder ZIP of $FOLDER_MIB MiB ($FOLDER_FILES x 1 MiB)"
zip_as "$BASE/api/store/folder/$FOLDER_ID/download" folder; A_MB=$Z_MBPS; A_TT=$Z_TTFB_MS; A_HEAP_FOLDER=$Z_HEAP_MIB; A_OLD_FOLDER=$Z_OLD_MIB
zip_ng folder "${FOLDER_BLOBS[@]}"
row "Folder ZIP of $FOLDER_MIB MiB ($FOLDER_FILES × 1 MiB)" "MB/s" "$(fmt .0f "$A_MB")" "$(fmt .0f "$Z_MBPS")" "" "ZIP size $Z_BYTES bytes"
row "Folder ZIP of $FOLDER_MIB MiB — time to first byte" "ms" "$(fmt .1f "$A_TT")" "$(fmt .1f "$Z_TTFB_MS")"
row "Folder ZIP of $FOLDER_MIB MiB ÷ single 100 MiB download, 1 conn" "ratio" "$(fmt .2f "$A_MB / $A_SINGLE")" "$(fmt .2f "$Z_MBPS / $N_SINGLE")" "" "target ≥ 0.8 (issue 7)"
row "Folder ZIP of $FOLDER_MIB MiB — peak heap" "MiB" "$(fmt .0f "$A_HEAP_FOLDER")" "" "" "flat if close to the $(fmt .0f "$A_HEAP_MULTI") MiB of the $((ZIP_FILES)) MiB ZIP; old generation at most $(fmt .0f "$A_OLD_FOLDER") MiB ($(fmt .0f "$A_OLD_MULTI") for that ZIP)"

LIST_CONNS=${LIST_CONNS:-8}
log "list 50 ($LIST_QUERY) in the $LIST_RECORDS-record set, $LIST_CONNS connections"
LIST_URL="$BASE/api/store/asset/?limit=50&$LIST_QUERY"
# The list path takes the JIT longest to warm: ~30 s of list traffic on two busy cores before
# C2 has compiled jOOQ's hot paths (bench/PROFILE.md, 2026-11-28). Without this the first list row
# measured the warm-up and the later ones, which run after it, the steady state.
log "  list warm-up: $LIST_WARMUP s"
wrk -t2 -c"$LIST_CONNS" -d"${LIST_WARMUP}s" -H "$KEYH" "$LIST_URL&include_total=false" > /dev/null 2>&1
for variant in first deep; do
  for total in true false; do
    url="$LIST_URL&include_total=$total"
    [ "$variant" = deep ] && url="$url&cursor=$DEEP_CURSOR"
    wrk_bench "list-$variant-$total" "$LIST_CONNS" "$url" -H "$KEYH" -s "$REPORT_LUA"
    if [ "$variant" = first ]; then lbl="first page"; else lbl="page after record $DEEP_AT"; fi
    [ "$total" = false ] && lbl="$lbl, include_total=false"
    row "List 50, filter + sort, $lbl, $LIST_CONNS conn" "req/s" "$(fmt .0f "$(w 1)")" "" "" "p50 $(fmt .2f "$(w 3)") ms, p99 $(fmt .2f "$(w 4)") ms $(errnote AS)"
  done
done

touch "$WORK/stop-samplers"
for p in "${SAMPLER_PIDS[@]}"; do wait "$p" || true; done
SAMPLER_PIDS=()
row "Cold start to first 200 (/ready; nginx: first blob GET)" "ms" "$AS_COLD_MS" "$NG_COLD_MS" "" "Asset Store on the seeded $LIST_RECORDS-record database"
row "RSS idle (after start)" "MiB" "$(fmt .0f "$AS_IDLE_RSS_KB / 1024")" "$(fmt .0f "$NG_IDLE_RSS_KB / 1024")" "" "nginx: master + 2 workers"
row "RSS peak under load" "MiB" "$(fmt .0f "$(cat "$OUT/as-rss-max") / 1024")" "$(fmt .0f "$(cat "$OUT/ng-rss-max") / 1024")" "" "sampled every 0.5 s during all runs"
fi  # core rows

# ================================================================ issues 16-18 (--rows resumable,preview,console)
# shellcheck source=bench/rows-resumable.sh
. "$BENCH_DIR/rows-resumable.sh"
# shellcheck source=bench/rows-preview.sh
. "$BENCH_DIR/rows-preview.sh"
# shellcheck source=bench/rows-console.sh
. "$BENCH_DIR/rows-console.sh"
LOAD_BEFORE_NEW_ROWS=$(cut -d' ' -f1-3 /proc/loadavg)
want resumable && run_resumable_rows
want preview && run_preview_rows
want console && run_console_rows

# ================================================================ 4. optional peer
PEER_NAME=""
if [ "$PEER" = directus ]; then
  # shellcheck source=bench/peer-directus.sh
  . "$BENCH_DIR/peer-directus.sh"
  run_directus_peer
  PEER_NAME="Directus 12.4.0"
fi

# ================================================================ report
TABLE=$(python3 "$BENCH_DIR/stats.py" table "$ROWS" ${PEER_NAME:+"$PEER_NAME"})
COMMIT_INFO=$(cd "$REPO_DIR" && git rev-parse HEAD 2>/dev/null || echo unknown)
if [ -n "$(cd "$REPO_DIR" && git status --porcelain -- . ':!bench/RESULTS.md' ':!bench/RESULTS-quick.md' 2>/dev/null)" ]; then
  COMMIT_INFO="$COMMIT_INFO (work tree has uncommitted changes)"
fi
echo
echo "$TABLE"
echo
LOAD_AT_END=$(cut -d' ' -f1-3 /proc/loadavg)
if ! want core; then
  # Only some row groups: a new dated section at the end of the results file; the full table
  # above it stays as the last full run left it.
  {
    echo
    echo "## $(date -u +%Y-%m-%d): rows $ROW_GROUPS"
    echo
    echo "- Date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "- Command: \`$COMMAND_LINE\`"
    echo "- Commit: $COMMIT_INFO"
    [ -z "${BENCH_NOTE:-}" ] || echo "- Note: $BENCH_NOTE"
    echo "- Machine: $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores; JDK \`$("$JAVA" -version 2>&1 | head -1)\`; \`$(nginx -v 2>&1)\`; wrk -t2, ${WARMUP} s warm-up then ${RUNS} × ${DURATION} s runs, median"
    echo "- Load average (1/5/15 min) before these rows: $LOAD_BEFORE_NEW_ROWS; at the end: $LOAD_AT_END"
    echo
    echo "$TABLE"
    echo
    echo "See bench/README.md (\"Rows for issues 16-18\") for what each row measures."
  } >> "$RESULTS"
  log "appended to $RESULTS"
  exit 0
fi
{
  if [ "$QUICK" = 1 ]; then
    echo "# Benchmark results — QUICK SMOKE RUN (not representative)"
    echo
    echo "> Produced by \`--quick\`: small sizes and ${DURATION}-second runs, to prove the harness works"
    echo "> end to end. Do not quote these figures; see \`bench/RESULTS.md\` from a full run."
  else
    echo "# Benchmark results"
  fi
  echo
  echo "- Date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "- Command: \`$COMMAND_LINE\`"
  echo "- Commit: $COMMIT_INFO"
  [ -z "${BENCH_NOTE:-}" ] || echo "- Note: $BENCH_NOTE"
  echo "- Machine: \`$(uname -a)\`"
  echo "- Load average (1/5/15 min) before the rows of issues 16-18: $LOAD_BEFORE_NEW_ROWS; at the end: $LOAD_AT_END"
  echo "- CPU: $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores; memory $(free -g | awk '/^Mem:/ {print $2}') GiB"
  echo "- JDK: \`$("$JAVA" -version 2>&1 | head -1)\`${BENCH_JAVA_OPTS:+ with \`$BENCH_JAVA_OPTS\`}$([ "$LAUNCHER" = 0 ] || echo ", started by bin/asset-store (AOT cache from the seeding start)")"
  echo "- nginx: \`$(nginx -v 2>&1)\`, worker_processes 2, sendfile on; wrk: \`$(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2)\`"
  echo "- Load: wrk -t2, ${WARMUP} s warm-up then ${RUNS} × ${DURATION} s runs, median (the list rows after one more ${LIST_WARMUP} s warm-up on the list); ZIPs and the 100 MiB download: curl, repeated for a ${WARMUP} s warm-up then ${RUNS} runs, median; 100 MiB uploads: curl, 2 warm-ups, sync, ${RUNS} runs, median"
  echo "- Data: 4 KiB, 1 MiB, 100 MiB assets and a folder of ${FOLDER_FILES} × 1 MiB uploaded through the API;"
  echo "  ${LIST_RECORDS} list records in 1,111 folders written by \`bench/seed_list.py\` (bulk SQL, one transaction)."
  echo "  List query: \`$LIST_QUERY\` (${LIST_TOTAL} matches); deep page = cursor after walking ${DEEP_WALKED} pages of 250 (record ${DEEP_AT}; at most ${DEEP_PAGES} pages or ${DEEP_SECONDS} s of walking)."
  if [ -s "$OUT/upload-retries" ]; then
    echo "- Seeding: $(wc -l < "$OUT/upload-retries") upload(s) through the API answered non-201 and were repeated (see the log)."
  fi
  echo
  echo "$TABLE"
  echo
  if [ -n "$PEER_NAME" ]; then
    echo "$PEER_NAME ran after Asset Store and nginx were stopped, on the same machine: Node $NODE_PKG_VERSION, SQLite,"
    echo "local storage, its own copy of the ${LIST_RECORDS} records (directus_files, same 1,111-folder tree, same name/type mix)."
    echo "Its rows: GET /assets/<id>; POST /files (multipart); GET /files?filter[type][_eq]=image/png&sort=filename_download&limit=50,"
    echo "total via meta=filter_count (= include_total=true), deep page via page=N (offset; Directus has no cursor)."
    echo
  fi
  echo "Ratios are Asset Store ÷ nginx: for throughput 1.00 means at the ceiling; for times and memory lower is better."
  echo "Rows without an nginx figure have no nginx equivalent. See bench/README.md for what each row measures."
} > "$RESULTS"
log "wrote $RESULTS"
