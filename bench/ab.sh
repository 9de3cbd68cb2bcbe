#!/usr/bin/env bash
# A/B comparison of two Asset Store jars on the same seeded data, interleaved, for tuning on a
# shared (noisy) machine. See bench/PROFILE.md. Never run in CI.
#
#   bench/ab.sh seed DIR [JAR]                   seed DIR once (API uploads + bench/seed_list.py)
#   bench/ab.sh run DIR JAR_A JAR_B [ROW...]     interleaved rounds; prints medians and B/A
#   bench/ab.sh pair DIR JAR_A JAR_B ROW [N]     both jars up at once, N (10) adjacent pairs of
#                                                runs; prints the median of the per-pair B/A
#
# Rows (default: all): get4k get1m range up1m up100m zip100 zipfolder list-true list-false start
# (pair: the wrk rows get4k get1m range list-true list-false). The machine's speed moves by ×2 and
# more within a minute (bench/PROFILE.md, 2026-11-28); pair is the steadier of the two modes.
# Environment: ROUNDS (3), DURATION (5 s per wrk run, after a 2 s warm-up), LIST_RECORDS
# (1000000), FOLDER_FILES (1024), JAVA_OPTS_A / JAVA_OPTS_B (extra JVM flags per jar).
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
JAVA=$JAVA_HOME/bin/java
ADMIN_KEY=bench-admin-key-4f1c2a9e7d6b3a58
KEYH="X-API-Key: $ADMIN_KEY"
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-5}
LIST_QUERY="content_type=image/png&sort_by=name&sort_order=asc"
SERVER_PID=""

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
now_ns() { date +%s%N; }
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}
json() { python3 -c 'import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1], {"d": d}))' "$1"; }
PAIR_PIDS=()
cleanup() {
  # `|| true`: under `set -e` a killed server's exit status would end the loop at the first one
  for p in $SERVER_PID "${PAIR_PIDS[@]}"; do { kill "$p" && wait "$p"; } 2>/dev/null || true; done
  return 0
}
trap cleanup EXIT

start_server() {  # start_server JAR DATA LOG [JAVA_OPTS] -> SERVER_PID BASE COLD_MS
  local port t0
  port=$(free_port)
  BASE=http://127.0.0.1:$port
  t0=$(now_ns)
  # shellcheck disable=SC2086
  ASSET_STORE_PORT=$port ASSET_STORE_HOST=127.0.0.1 ASSET_STORE_DATA_DIR=$2 \
    ASSET_STORE_ADMIN_KEY=$ADMIN_KEY ASSET_STORE_REQUEST_LOG=WARN \
    ASSET_STORE_MAX_UPLOAD_BYTES=$((200 * 1024 * 1024)) \
    "$JAVA" ${4:-} -jar "$1" > "$3" 2>&1 &
  SERVER_PID=$!
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/ready" 2>/dev/null)" = 200 ]; do
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$3" >&2; die "server exited during start"; }
    sleep 0.01
  done
  COLD_MS=$(( ($(now_ns) - t0) / 1000000 ))
  COLD_CPU_MS=$(( $(cpu_ticks) * 10 ))
}
stop_server() {
  kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""
}
upload() {  # upload FILE NAME [FOLDER] -> id
  curl -sS -f -H "$KEYH" -H 'Expect:' -F "file=@$1;filename=$2" \
    "$BASE/api/store/asset/upload${3:+?folder=$3}" | json 'd["id"]'
}

seed() {
  local dir=$1 jar=${2:-/work/perf-baseline.jar}
  mkdir -p "$dir/seed" "$dir/files"
  local files=$dir/files
  head -c 4096 /dev/urandom > "$files/4k.bin"
  head -c $((1024 * 1024)) /dev/urandom > "$files/1m.bin"
  head -c $((100 * 1024 * 1024)) /dev/urandom > "$files/100m.bin"
  start_server "$jar" "$dir/seed/data" "$dir/seed.log"
  local id4k id1m id100m folder i ids=()
  id4k=$(upload "$files/4k.bin" 4k.bin)
  id1m=$(upload "$files/1m.bin" 1m.bin)
  id100m=$(upload "$files/100m.bin" 100m.bin)
  folder=$(curl -sS -f -H "$KEYH" -H 'Content-Type: application/json' -d '{"name":"folder-zip"}' \
    "$BASE/api/store/folder/" | json 'd["id"]')
  for i in $(seq -f '%04g' 1 "${FOLDER_FILES:-1024}"); do
    head -c 1048576 /dev/urandom > "$files/part.bin"
    ids+=("$(upload "$files/part.bin" "part-$i.bin" "$folder")")
  done
  rm -f "$files/part.bin"
  stop_server
  python3 "$BENCH_DIR/seed_list.py" "$dir/seed/data/store.db" "$id4k" listing "${LIST_RECORDS:-1000000}" >&2
  {
    echo "ID_4K=$id4k"; echo "ID_1M=$id1m"; echo "ID_100M=$id100m"; echo "FOLDER_ID=$folder"
    echo "ZIP_IDS=\"${ids[*]:0:100}\""
  } > "$dir/ids.env"
  log "seeded $dir"
}

# One data directory per jar (blobs hard-linked: they are immutable), so a jar that migrates
# the schema does not disturb the other.
data_for() {  # data_for DIR a|b -> path
  local d=$1/$2
  if [ ! -d "$d/data" ]; then
    mkdir -p "$d/data"
    cp -al "$1/seed/data/blobs" "$d/data/blobs"
    cp "$1/seed/data/store.db" "$d/data/"
  fi
  echo "$d/data"
}

cpu_ticks() { awk '{print $14 + $15}' "/proc/$SERVER_PID/stat"; }   # user + system, 1/100 s
wrk_rate() {  # wrk_rate CONNS URL [args] -> "rps MBps p50 p99 errors cpu_us_per_request"
  local conns=$1 url=$2 c0 c1; shift 2
  wrk -t2 -c"$conns" -d2s "$@" "$url" > /dev/null 2>&1
  c0=$(cpu_ticks)
  wrk -t2 -c"$conns" -d"${DURATION}s" --timeout 30s -s "$BENCH_DIR/lua/report.lua" "$@" "$url" > "$OUT/wrk.txt" 2>&1
  c1=$(cpu_ticks)
  echo "$(python3 "$BENCH_DIR/stats.py" wrk "$OUT/wrk.txt") $(python3 -c "
import json,sys
r=[json.loads(l[8:]) for l in open(sys.argv[1]) if l.startswith('WRKJSON ')][-1]
print('%.1f' % ((int(sys.argv[3]) - int(sys.argv[2])) * 10000 / max(1, r['requests'])))" "$OUT/wrk.txt" "$c0" "$c1")"
}

measure() {  # measure ROW -> one line of "name=value" figures
  local r=$1 v
  case "$r" in
    get4k) v=$(wrk_rate 64 "$BASE/api/store/asset/download?id=$ID_4K" -H "$KEYH")
      echo "$v" | awk '{printf "get4k_rps=%s get4k_p99ms=%s get4k_cpuus=%s err=%s", $1, $4, $6, $5}' ;;
    get1m) v=$(wrk_rate 16 "$BASE/api/store/asset/download?id=$ID_1M" -H "$KEYH")
      echo "$v" | awk '{printf "get1m_MBps=%s get1m_cpuus=%s err=%s", $2, $6, $5}' ;;
    range) v=$(wrk_rate 64 "$BASE/api/store/asset/download?id=$ID_100M" -H "$KEYH" -H "Range: bytes=52428800-52432895")
      echo "$v" | awk '{printf "range_rps=%s range_cpuus=%s err=%s", $1, $6, $5}' ;;
    up1m) local f
      f=$(curl -sS -f -H "$KEYH" -H 'Content-Type: application/json' -d "{\"name\":\"ab-up-$RANDOM$RANDOM\"}" "$BASE/api/store/folder/" | json 'd["id"]')
      cat "$BENCH_DIR/lua/upload.lua" "$BENCH_DIR/lua/report.lua" > "$OUT/upload.lua"
      c0=$(cpu_ticks)
      BENCH_FILE=$FILES/1m.bin BENCH_KEY=$ADMIN_KEY BENCH_MODE=multipart BENCH_PATH="/api/store/asset/upload?folder=$f" BENCH_RUN=$RANDOM \
        wrk -t2 -c16 -d"${DURATION}s" --timeout 30s -s "$OUT/upload.lua" "$BASE" > "$OUT/wrk.txt" 2>&1
      c1=$(cpu_ticks)
      sleep 1; curl -sS -f -H "$KEYH" -X DELETE "$BASE/api/store/folder/$f?recursive=true" -o /dev/null
      python3 "$BENCH_DIR/stats.py" wrk "$OUT/wrk.txt" | awk '{printf "up1m_rps=%s err=%s", $1, $5}'
      python3 -c "
import json,sys
r=[json.loads(l[8:]) for l in open(sys.argv[1]) if l.startswith('WRKJSON ')][-1]
print(' up1m_cpuus=%.0f' % ((int(sys.argv[3]) - int(sys.argv[2])) * 10000 / max(1, r['requests'])), end='')" "$OUT/wrk.txt" "$c0" "$c1" ;;
    up100m) local f i t ts=()
      f=$(curl -sS -f -H "$KEYH" -H 'Content-Type: application/json' -d "{\"name\":\"ab-big-$RANDOM$RANDOM\"}" "$BASE/api/store/folder/" | json 'd["id"]')
      for i in 0 1 2; do
        [ "$i" = 1 ] && c0=$(cpu_ticks)
        t=$(curl -sS -f -o /dev/null -w '%{time_total}' -H "$KEYH" -H 'Expect:' -F "file=@$FILES/100m.bin;filename=big-$i.bin" "$BASE/api/store/asset/upload?folder=$f")
        [ "$i" = 0 ] || ts+=("$t")
      done
      c1=$(cpu_ticks)
      curl -sS -f -H "$KEYH" -X DELETE "$BASE/api/store/folder/$f?recursive=true" -o /dev/null
      echo "up100m_MBps=$(python3 -c "import sys,statistics; print('%.1f' % (104.8576 / statistics.median(map(float, sys.argv[1:]))))" "${ts[@]}") up100m_cpums=$(( (c1 - c0) * 10 / 2 ))" ;;
    zip100|zipfolder) local url i line mb=() tt=() h0 hmax=0
      if [ "$r" = zip100 ]; then
        url="$BASE/api/store/asset/download?$(printf 'id=%s&' $ZIP_IDS | sed 's/&$//')"
      else
        url="$BASE/api/store/folder/$FOLDER_ID/download"
      fi
      local c0=0 c1
      for i in 0 1 2 3; do
        [ "$i" = 1 ] && c0=$(cpu_ticks)
        line=$(curl -sS -f -o /dev/null -w '%{time_starttransfer} %{time_total} %{size_download}' -H "$KEYH" "$url")
        [ "$i" = 0 ] && continue
        mb+=("$(echo "$line" | awk '{printf "%.1f", $3 / $2 / 1e6}')")
        tt+=("$(echo "$line" | awk '{printf "%.1f", $1 * 1000}')")
      done
      c1=$(cpu_ticks)
      echo "${r}_MBps=$(python3 "$BENCH_DIR/stats.py" median "${mb[@]}") ${r}_ttfbms=$(python3 "$BENCH_DIR/stats.py" median "${tt[@]}") ${r}_cpums_per_GB=$(python3 -c "print('%.0f' % ((int('$c1') - int('$c0')) * 10 / (3 * int('$(echo "$line" | awk '{print $3}')') / 1e9)))")" ;;
    list-true|list-false) local total=${r#list-}
      v=$(wrk_rate 8 "$BASE/api/store/asset/?limit=50&$LIST_QUERY&include_total=$total" -H "$KEYH")
      echo "$v" | awk -v n="$r" '{printf "%s_rps=%s %s_p99ms=%s %s_cpuus=%s err=%s", n, $1, n, $4, n, $6, $5}' ;;
    start) echo "start_ms=$COLD_MS start_cpums=$COLD_CPU_MS idle_rss_mb=$IDLE_RSS_MB" ;;
    *) die "unknown row $r" ;;
  esac
}

run() {
  local dir=$1 jar_a=$2 jar_b=$3; shift 3
  local rows=("$@")
  [ ${#rows[@]} -gt 0 ] || rows=(start get4k get1m range up1m up100m zip100 zipfolder list-true list-false)
  # shellcheck disable=SC1091
  . "$dir/ids.env"
  FILES=$dir/files
  OUT=$(mktemp -d /tmp/ab-out.XXXXXX)
  local results=$OUT/results.tsv round side jar data opts line kv
  : > "$results"
  for round in $(seq 1 "$ROUNDS"); do
    for side in a b; do
      if [ "$side" = a ]; then jar=$jar_a; opts=${JAVA_OPTS_A:-}; else jar=$jar_b; opts=${JAVA_OPTS_B:-}; fi
      data=$(data_for "$dir" "$side")
      start_server "$jar" "$data" "$OUT/server-$side-$round.log" "$opts"
      sleep 3
      IDLE_RSS_MB=$(awk '/^VmRSS:/ {printf "%.0f", $2 / 1024}' "/proc/$SERVER_PID/status")
      for r in "${rows[@]}"; do
        line=$(measure "$r")
        log "round $round $side: $line"
        for kv in $line; do
          [ "${kv%%=*}" = err ] && { [ "${kv#*=}" = 0 ] || log "  errors: $kv"; continue; }
          printf '%s\t%s\t%s\n' "${kv%%=*}" "$side" "${kv#*=}" >> "$results"
        done
      done
      stop_server
    done
  done
  python3 - "$results" <<'EOF'
import collections, statistics, sys
vals = collections.defaultdict(lambda: {"a": [], "b": []})
order = []
for line in open(sys.argv[1]):
    k, side, v = line.rstrip("\n").split("\t")
    if k not in vals:
        order.append(k)
    try:
        vals[k][side].append(float(v))
    except ValueError:
        pass
print("%-22s %12s %12s %8s   %s" % ("figure", "A (median)", "B (median)", "B/A", "B runs"))
for k in order:
    a, b = vals[k]["a"], vals[k]["b"]
    if not a or not b:
        continue
    ma, mb = statistics.median(a), statistics.median(b)
    print("%-22s %12.2f %12.2f %8.2f   %s" % (k, ma, mb, mb / ma if ma else float("nan"), " ".join("%g" % x for x in b)))
EOF
  log "raw figures: $results"
}

pair() {
  local dir=$1 jar_a=$2 jar_b=$3 row=$4 n=${5:-10} pid_a pid_b base_a base_b i side
  case "$row" in get4k | get1m | range | list-true | list-false) ;; *) die "pair: not a wrk row: $row" ;; esac
  # shellcheck disable=SC1091
  . "$dir/ids.env"
  OUT=$(mktemp -d /tmp/ab-pair.XXXXXX)
  start_server "$jar_a" "$(data_for "$dir" a)" "$OUT/server-a.log" "${JAVA_OPTS_A:-}"
  pid_a=$SERVER_PID base_a=$BASE; PAIR_PIDS+=("$pid_a")
  start_server "$jar_b" "$(data_for "$dir" b)" "$OUT/server-b.log" "${JAVA_OPTS_B:-}"
  pid_b=$SERVER_PID base_b=$BASE; PAIR_PIDS+=("$pid_b"); SERVER_PID=""
  one() {  # one a|b -> "rps p99 cpu_us"
    if [ "$1" = a ]; then SERVER_PID=$pid_a BASE=$base_a; else SERVER_PID=$pid_b BASE=$base_b; fi
    measure "$row" | tr ' ' '\n' | awk -F= '/_rps=|_MBps=/ {r=$2} /_p99ms=/ {p=$2} /_cpuus=/ {c=$2} END {print r, (p == "" ? 0 : p), c}'
  }
  log "pair: warming both servers"
  for i in 1 2 3; do DURATION=8 one a > /dev/null; DURATION=8 one b > /dev/null; done
  : > "$OUT/pairs.txt"
  for i in $(seq 1 "$n"); do
    if [ $((i % 2)) = 1 ]; then a=$(one a); b=$(one b); else b=$(one b); a=$(one a); fi
    log "pair $i: A $a | B $b"
    echo "$a $b" >> "$OUT/pairs.txt"
  done
  SERVER_PID=""
  python3 - "$OUT/pairs.txt" "$row" <<'PY'
import statistics, sys
rows = [list(map(float, l.split())) for l in open(sys.argv[1]) if l.strip()]
names = ("MB/s" if sys.argv[2] == "get1m" else "req/s", "p99 ms", "CPU us/request")
for i, name in enumerate(names):
    a = [r[i] for r in rows]; b = [r[i + 3] for r in rows]
    if not any(a):
        continue
    ratios = [y / x for x, y in zip(a, b) if x]
    print("%-15s A %10.2f  B %10.2f  B/A (median of %d pairs) %.3f  [%.2f-%.2f]" % (
        name, statistics.median(a), statistics.median(b), len(ratios),
        statistics.median(ratios), min(ratios), max(ratios)))
PY
}

case "${1:-}" in
  seed) shift; seed "$@" ;;
  run) shift; run "$@" ;;
  pair) shift; pair "$@" ;;
  *) sed -n '2,10p' "$0"; exit 2 ;;
esac
