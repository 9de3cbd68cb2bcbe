# Sourced by bench/run.sh: the resumable-upload rows (issue 16, contract §10).
#
# One run = a tus upload of a random file (1 GiB; 256 MiB with --quick) in 8 MiB pieces, nginx's
# WebDAV PUT of the same file, and our multipart upload of the 100 MiB file, one after the other
# with a sync between, so the three rates come from the same minutes on the same machine.
# The tus client is curl: one POST (creation), then one curl process that sends every piece as a
# PATCH on one keep-alive connection (a config file with one transfer per piece), as
# tus-js-client does from a browser. Time = the creation's time_total + the PATCH process's wall
# time. Each upload is checked (every PATCH 204, the asset's size and sha256) and deleted.

TUS_SIZE=${TUS_SIZE:-$((1024 * 1024 * 1024))}
[ "$QUICK" = 1 ] && TUS_SIZE=${TUS_SIZE_QUICK:-$((256 * 1024 * 1024))}
TUS_PIECE=${TUS_PIECE:-$((8 * 1024 * 1024))}

tus_upload() {  # tus_upload NAME -> MB/s; the created asset's id goes to $OUT/tus-asset-id
  local name=$1 meta hdrs loc create_s cfg off p t0 t1 codes bad
  meta="filename $(printf %s "$name" | base64 -w0)"
  hdrs=$OUT/tus-create-headers
  create_s=$(curl -sS -o /dev/null -D "$hdrs" -w '%{time_total}' -X POST -H "$KEYH" \
    -H 'Tus-Resumable: 1.0.0' -H "Upload-Length: $TUS_SIZE" -H "Upload-Metadata: $meta" \
    "$BASE/api/store/asset/tus/")
  loc=$(tr -d '\r' < "$hdrs" | awk 'tolower($1) == "location:" {print $2}')
  [ -n "$loc" ] || die "tus creation answered $(head -1 "$hdrs"): no Location"
  case $loc in http*) ;; *) loc=$BASE$loc ;; esac
  cfg=$OUT/tus-$name.cfg
  : > "$cfg"
  off=0
  for p in "$TUS_DIR"/piece.*; do
    [ -s "$cfg" ] && echo next >> "$cfg"
    cat >> "$cfg" <<EOF
url = "$loc"
request = "PATCH"
upload-file = "$p"
header = "$KEYH"
header = "Tus-Resumable: 1.0.0"
header = "Upload-Offset: $off"
header = "Content-Type: application/offset+octet-stream"
header = "Expect:"
output = "/dev/null"
dump-header = "$OUT/tus-last-headers"
write-out = "%{http_code}\\n"
EOF
    off=$((off + $(stat -c %s "$p")))
  done
  t0=$(now_ns)
  codes=$(curl -sS -K "$cfg")
  t1=$(now_ns)
  bad=$(echo "$codes" | grep -vc '^204$' || true)
  [ "$bad" = 0 ] || die "tus upload $name: $bad PATCH answers were not 204 ($(echo "$codes" | sort | uniq -c | tr '\n' ' '))"
  local asset
  asset=$(tr -d '\r' < "$OUT/tus-last-headers" | awk 'tolower($1) == "asset-location:" {print $2}' | sed 's|.*/||')
  [ -n "$asset" ] || die "tus upload $name: the last PATCH named no Asset-Location"
  echo "$asset" > "$OUT/tus-asset-id"
  api "$BASE/api/store/asset/$asset" > "$OUT/tus-asset.json"
  [ "$(json 'd["size"]' < "$OUT/tus-asset.json")" = "$TUS_SIZE" ] || die "tus upload $name: wrong size"
  [ "$(json 'd["sha256"]' < "$OUT/tus-asset.json")" = "$TUS_SHA256" ] || die "tus upload $name: wrong sha256"
  python3 -c "import sys; print('%.1f' % ($TUS_SIZE / 1e6 / ($create_s + ($t1 - $t0) / 1e9)))"
}

ng_put_big() {  # ng_put_big RUN -> MB/s of nginx's WebDAV PUT of the same file
  local line
  line=$(curl -sS -o /dev/null -w '%{http_code} %{time_total}' -H 'Expect:' \
    -T "$FILES/tus.bin" "$NB/dav/tus/$1.bin")
  case "$line" in 2*) ;; *) die "nginx PUT of $(fmt .0f "$TUS_SIZE / 1048576") MiB answered ${line%% *}" ;; esac
  rm -f "$NGX/dav/tus/$1.bin"
  python3 -c "import sys; print('%.1f' % ($TUS_SIZE / 1e6 / ${line#* }))"
}

run_resumable_rows() {
  local mib=$((TUS_SIZE / 1048576)) piece_mib=$((TUS_PIECE / 1048576)) i t n m
  local tus=() ng=() mp=() heap=0 old=0 idle h o
  log "resumable upload: $mib MiB in $piece_mib MiB pieces (tus), nginx PUT $mib MiB, multipart 100 MiB"
  if [ "$(curl -s -o /dev/null -w '%{http_code}' -X OPTIONS "$BASE/api/store/asset/tus/")" != 204 ]; then
    log "  OPTIONS /api/store/asset/tus/ is not 204: this build has no tus endpoint; rows skipped"
    row "Resumable upload $mib MiB in $piece_mib MiB pieces (tus, 1 conn) vs nginx PUT" "MB/s" "" "" "" "not measured: no tus endpoint in this build"
    return 0
  fi
  TUS_DIR=$WORK/tus-pieces
  mkdir -p "$TUS_DIR" "$NGX/dav/tus"
  head -c "$TUS_SIZE" /dev/urandom > "$FILES/tus.bin"
  split -b "$TUS_PIECE" -d -a 4 "$FILES/tus.bin" "$TUS_DIR/piece."
  TUS_SHA256=$(sha256sum "$FILES/tus.bin" | cut -d' ' -f1)
  UP_FOLDER=$(mkfolder upload-resumable)
  sync
  idle=$(heap_bytes)
  # One warm-up of each (the JIT; the first PATCH path), then the measured runs.
  tus_upload "tus-warm.bin" > /dev/null; api -X DELETE "$BASE/api/store/asset/$(cat "$OUT/tus-asset-id")" -o /dev/null
  ng_put_big warm > /dev/null
  big_upload as warm > /dev/null
  for i in $(seq 1 "$RUNS"); do
    sync
    start_heap_sampler "$OUT/heap-tus-$i" "$OUT/stop-heap-tus-$i"
    t=$(tus_upload "tus-$i.bin")
    touch "$OUT/stop-heap-tus-$i"; wait "$HEAP_SAMPLER_PID" || true
    read -r h o < "$OUT/heap-tus-$i"
    [ "$h" -gt "$heap" ] && heap=$h
    [ "$o" -gt "$old" ] && old=$o
    tus+=("$t")
    api -X DELETE "$BASE/api/store/asset/$(cat "$OUT/tus-asset-id")" -o /dev/null
    sync
    ng+=("$(ng_put_big "$i")")
    sync
    m=$(big_upload as "r$i")
    mp+=("$(fmt .1f "104.857600 / $m")")
    log "  run $i: tus $t MB/s, nginx PUT ${ng[-1]} MB/s, multipart ${mp[-1]} MB/s"
  done
  as_up_after
  rm -rf "$TUS_DIR" "$FILES/tus.bin" "$NGX/dav/tus"
  sync
  t=$(median "${tus[@]}"); n=$(median "${ng[@]}"); m=$(median "${mp[@]}")
  row "Resumable upload $mib MiB in $piece_mib MiB pieces (tus PATCH, curl, 1 conn) vs nginx PUT $mib MiB" "MB/s" \
    "$(fmt .0f "$t")" "$(fmt .0f "$n")" "" "runs: tus ${tus[*]}; nginx ${ng[*]}"
  row "Upload 100 MiB multipart, 1 conn (curl), same runs" "MB/s" "$(fmt .0f "$m")" "" "" "runs: ${mp[*]}"
  row "Resumable $mib MiB ÷ multipart 100 MiB" "ratio" "$(fmt .2f "$t / $m")" "" "" "target ≥ 0.9 (issue 16)"
  row "Resumable upload $mib MiB — peak heap" "MiB" "$(fmt .0f "$heap / 1048576")" "" "" \
    "idle heap before: $(fmt .0f "$idle / 1048576") MiB; old generation at most $(fmt .0f "$old / 1048576") MiB"
}
