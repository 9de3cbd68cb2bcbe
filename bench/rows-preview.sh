# Sourced by bench/run.sh: the preview rows (issue 17, contract §11).
#
# A 12-megapixel photo-like JPEG (4000 × 3000, ~3.3 MB, made by tools/MakePhoto.java) is uploaded
# once. First previews: wrk with 2 connections, each request a box size never asked before
# (lua/preview.lua: 192..447 px a side), so every answer is a render and a stored derived file,
# never a cache hit. Cached previews: one size (256 × 256), rendered once beforehand, then wrk
# with 64 connections, next to nginx serving the 4 KiB blob (the same request rate ceiling as
# the GET 4 KiB row). With --peer directus, the same two rows against Directus's
# /assets/<id>?width=&height=&fit=inside (its transformations are stored files too).

PREVIEW_LUA=$WORK/preview.lua
cat "$BENCH_DIR/lua/preview.lua" "$BENCH_DIR/lua/report.lua" > "$PREVIEW_LUA"

make_photo() {
  [ -s "$FILES/photo.jpg" ] && return 0
  "$JAVA" "$BENCH_DIR/tools/MakePhoto.java" "$FILES/photo.jpg" 4000 3000 17 \
    || die "could not make the 12-megapixel JPEG"
}

# Notes for a render row: latency, errors, and a warning if a thread asked more sizes than
# lua/preview.lua keeps apart (then some answers were cache hits).
preview_note() {
  local note="p50 $(fmt .0f "$(w 3)") ms, p99 $(fmt .0f "$(w 4)") ms"
  [ "$(w 5)" = 0 ] || note="$note; $(w 5) errors/non-2xx"
  python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) * $DURATION <= 2 * 2048 else 1)" "$(w 1)" \
    || note="$note; WARNING: more than 2,048 requests per thread, sizes repeated"
  echo "$note"
}

run_preview_rows() {
  log "previews of a 12-megapixel JPEG (first: 2 conn, a new size each; cached: 64 conn)"
  make_photo
  PHOTO_ID=$(upload "$FILES/photo.jpg" photo.jpg | json 'd["id"]')
  local cached="$BASE/api/store/asset/$PHOTO_ID/preview?w=256&h=256" code
  code=$(curl -sS -o "$OUT/preview-256.jpg" -w '%{http_code}' -H "$KEYH" "$cached")
  if [ "$code" != 200 ]; then
    log "  GET …/preview answered $code: this build has no previews; rows skipped"
    row "First preview of a 12 MP JPEG, 256 px box, 2 conn" "renders/s" "" "" "" "not measured: no preview endpoint in this build"
    return 0
  fi
  export BENCH_PREVIEW_PATH="/api/store/asset/$PHOTO_ID/preview?w=%d&h=%d"
  wrk_bench as-preview-first 2 "$BASE" -H "$KEYH" -s "$PREVIEW_LUA"
  row "First preview of a 12 MP JPEG, ~256 px box (each request a new size), 2 conn" "renders/s" \
    "$(fmt .1f "$(w 1)")" "" "" "$(preview_note)"
  wrk_bench as-preview-cached 64 "$cached" -H "$KEYH" -s "$REPORT_LUA"
  local a1 a3 a4 ae
  a1=$(w 1); a3=$(w 3); a4=$(w 4); ae=$(errnote AS)
  wrk_bench ng-4k-preview 64 "$NB/blobs/$BLOB_4K" -s "$REPORT_LUA"
  row "Cached preview GET, 256 px box (nginx: a 4 KiB file), 64 conn" "req/s" "$(fmt .0f "$a1")" \
    "$(fmt .0f "$(w 1)")" "" "preview $(stat -c %s "$OUT/preview-256.jpg") bytes; p50 $(fmt .2f "$a3") ms, p99 $(fmt .2f "$a4") ms $ae $(errnote nginx)"
  # The same server's plain download of a 4 KiB asset in the same minutes: what a cached preview
  # (one more lookup, a ~20 KB file) could come close to.
  wrk_bench as-4k-preview 64 "$BASE/api/store/asset/download?id=$ID_4K" -H "$KEYH" -s "$REPORT_LUA"
  row "GET 4 KiB asset download, 64 conn (reference for the cached preview row)" "req/s" \
    "$(fmt .0f "$(w 1)")" "" "" "p50 $(fmt .2f "$(w 3)") ms, p99 $(fmt .2f "$(w 4)") ms $(errnote AS)"
}

# Called by run_directus_peer while Directus runs ($DXB, $DXH, dx_upload and row_peer defined).
directus_preview_rows() {
  make_photo
  local id
  id=$(dx_upload "$FILES/photo.jpg" photo.jpg)
  local cached="$DXB/assets/$id?width=256&height=256&fit=inside"
  dx -o /dev/null "$cached" || die "Directus did not transform the JPEG"
  log "Directus: first previews (2 conn, a new size each), cached preview (64 conn)"
  export BENCH_PREVIEW_PATH="/assets/$id?width=%d&height=%d&fit=inside"
  wrk_bench dx-preview-first 2 "$DXB" -H "$DXH" -s "$PREVIEW_LUA"
  row_peer "First preview of a 12 MP JPEG, ~256 px box (each request a new size), 2 conn" "$(fmt .1f "$(w 1)")"
  log "  Directus first previews: $(preview_note)"
  wrk_bench dx-preview-cached 64 "$cached" -H "$DXH" -s "$REPORT_LUA"
  row_peer "Cached preview GET, 256 px box (nginx: a 4 KiB file), 64 conn" "$(fmt .0f "$(w 1)")"
}
