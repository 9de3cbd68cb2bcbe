# Sourced by bench/run.sh: the console rows (issue 18, contract §12).
#
# 10,000 small assets (asset-00001.txt …; 2,000 with --quick) are uploaded into one folder (one
# curl process, 4 transfers at a time). tools/ConsoleBench.java (Selenium, from the project's
# test classpath, with /usr/bin/chromium and /usr/bin/chromedriver) signs in with the admin key,
# then opens /app/folder/<id> with a cold browser cache (a warm-up and $RUNS measured loads,
# median) and reads from the Performance API: when the first row was in the DOM, the frame after
# it (painted) and the first idle period after that (interactive). Then it scrolls until the
# last asset's row is in the DOM, sampling Chromium's JS heap (CDP Performance.getMetrics) at
# every step. The payload is every .js and .css under web/app/ in the jar, each gzip -9'd (the
# server sends them uncompressed; a proxy in front would compress them), summed.

CONSOLE_ASSETS=${CONSOLE_ASSETS:-10000}
[ "$QUICK" = 1 ] && CONSOLE_ASSETS=${CONSOLE_ASSETS_QUICK:-2000}

console_seed() {  # console_seed FOLDER_ID COUNT
  local cfg=$OUT/console-seed.cfg i bad
  printf 'a small text asset\n' > "$FILES/small.txt"
  for i in $(seq -f '%05g' 1 "$2"); do
    [ "$i" = 00001 ] || echo next
    printf 'url = "%s"\nheader = "%s"\nheader = "Expect:"\nform = "file=@%s;filename=asset-%s.txt"\noutput = "/dev/null"\nwrite-out = "%%{http_code}\\n"\n' \
      "$BASE/api/store/asset/upload?folder=$1" "$KEYH" "$FILES/small.txt" "$i"
  done > "$cfg"
  curl -sS --no-progress-meter --parallel --parallel-max 4 -K "$cfg" > "$OUT/console-seed-codes"
  bad=$(grep -vc '^201$' "$OUT/console-seed-codes" || true)
  [ "$bad" = 0 ] || die "console seeding: $bad uploads were not 201"
}

run_console_rows() {
  local n=$CONSOLE_ASSETS code folder t0 cp
  log "console: $n assets in one folder, headless Chromium"
  code=$(curl -s -o /dev/null -w '%{http_code}' "$BASE/app/")
  if [ "$code" != 200 ]; then
    log "  GET /app/ answered $code: this build has no console; rows skipped"
    row "Console: open a folder of $n assets — first rows visible" "ms" "" "" "" "not measured: no console in this build"
    return 0
  fi
  [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ] \
    || die "the console rows need chromium and chromium-driver (apt-get install chromium chromium-driver)"
  folder=$(mkfolder "console-$n")
  t0=$(now_ns)
  console_seed "$folder" "$n"
  log "  uploaded $n assets in $(( ($(now_ns) - t0) / 1000000 )) ms"
  (cd "$REPO_DIR" && mvn -B -q -o dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$OUT/test-classpath.txt" > "$OUT/classpath.log" 2>&1) \
    || { cat "$OUT/classpath.log" >&2; die "no test classpath (Selenium) from Maven"; }
  cp=$(cat "$OUT/test-classpath.txt")
  "$JAVA" -cp "$cp" "$BENCH_DIR/tools/ConsoleBench.java" "$BASE" "$ADMIN_KEY" "$folder" "$n" \
    "$(printf 'asset-%05d.txt' "$n")" "$RUNS" > "$OUT/console.txt" 2>&1 \
    || { tail -40 "$OUT/console.txt" >&2; die "the console driver failed"; }
  grep '^CONSOLEJSON ' "$OUT/console.txt" | tail -1 | cut -d' ' -f2- > "$OUT/console.json"
  local first painted idle heap note payload
  first=$(json 'sorted(r["first_rows_ms"] for r in d["loads"])[len(d["loads"]) // 2]' < "$OUT/console.json")
  painted=$(json 'sorted(r["painted_ms"] for r in d["loads"])[len(d["loads"]) // 2]' < "$OUT/console.json")
  idle=$(json 'sorted(r["interactive_ms"] for r in d["loads"])[len(d["loads"]) // 2]' < "$OUT/console.json")
  row "Console: open a folder of $n assets, cold cache — first rows in the DOM" "ms" "$(fmt .0f "$first")" "" "" \
    "runs: $(json '", ".join(str(r["first_rows_ms"]) for r in d["loads"])' < "$OUT/console.json"); painted (next frame) $(fmt .0f "$painted") ms; first contentful paint $(json 'sorted(r["fcp_ms"] or 0 for r in d["loads"])[len(d["loads"]) // 2]' < "$OUT/console.json") ms"
  row "Console: open a folder of $n assets, cold cache — interactive" "ms" "$(fmt .0f "$idle")" "" "" \
    "first idle period after the rows were painted; target < 1000 (issue 18); runs: $(json '", ".join(str(r["interactive_ms"]) for r in d["loads"])' < "$OUT/console.json"); long tasks before it: $(json '", ".join(str(r["long_tasks"]) for r in d["loads"])' < "$OUT/console.json")"
  heap=$(json 'd["heap_peak_bytes"]' < "$OUT/console.json")
  note=$(json '"after the first load (GC) %.1f MiB; at the end %.1f MiB, after GC %.1f MiB; DOM nodes at most %d, rows in the DOM at the end %d; reached the last row: %s in %d steps, %.0f s" % (d["heap_after_load_gc_bytes"] / 1048576, d["heap_end_bytes"] / 1048576, d["heap_end_gc_bytes"] / 1048576, d["dom_nodes_peak"], d["dom_rows_end"], "yes" if d["reached_last"] else "NO", d["scroll_steps"], d["scroll_seconds"])' < "$OUT/console.json")
  row "Console: scrolling through all $n — peak JS heap" "MiB" "$(fmt .1f "$heap / 1048576")" "" "" "$note"
  payload=$(python3 - "$JAR" <<'EOF'
import gzip, sys, zipfile
raw = packed = files = 0
with zipfile.ZipFile(sys.argv[1]) as z:
    for name in z.namelist():
        if name.startswith("web/app/") and name.endswith((".js", ".css")):
            data = z.read(name)
            raw += len(data)
            packed += len(gzip.compress(data, 9))
            files += 1
print(packed, raw, files)
EOF
)
  read -r packed raw files <<< "$payload"
  row "Console payload: all JS + CSS, gzip -9" "KB" "$(fmt .1f "$packed / 1000")" "" "" \
    "$files files, $(fmt .1f "$raw / 1000") KB uncompressed; target < 100 KB (issue 18)"
}
