#!/usr/bin/env bash
# The whole-build benchmark of issue 6: minhbach against the floor and against Hugo, side by side.
#
#   bench/run.sh              all three scales (province-year, national-year, national-5y)
#   bench/run.sh quick        province-year only (about a minute)
#   bench/run.sh national-year national-5y     the scales named
#
# Environment:
#   RUNS=3               runs per scale; every figure printed is the median of the runs
#   HUGO=1               0 leaves Hugo out
#   HUGO_LANGUAGES=all   Hugo builds every language of site.yaml, as minhbach does; `first`: only
#                        the first (half the pages; the figure issue 6 quotes is one language)
#   REUSE_CONTENT=0      1 keeps generated content of an earlier run at the same scale
#   KEEP_OUTPUT=0        1 keeps the last run's outputs (they take as much disk as they say)
#   SEED=57              seed of `minhbach demo`
#   INCREMENTAL=1        0 leaves out the incremental figures (below)
#   SERVE=1              0 leaves out the incremental figure of `minhbach serve` (below)
#   SETTLE=310           seconds to let pass between removing an output folder and the next
#                        timed build (see "File system" below); 0 does not wait. The default is
#                        0 for province-year, whose 3,000 files do not matter
#
# For each scale it generates the content with `minhbach demo` under bench/out/<scale>/content,
# converts it once into a Hugo site (bench/hugo/convert.py; preparation, timed apart and never
# counted in Hugo's time), then RUNS times, in turn:
#   1. minhbach build --content … --output … --lang en --verbose   (charts included)
#   2. the floor: cargo's `floor` example (examples/floor.rs) reads and parses every YAML file
#      with serde_yaml in parallel and writes as many files and bytes as that run of minhbach wrote
#   3. hugo (Debian's package) on the converted site: the same pages as tables only, no charts
# each under /usr/bin/time (wall, user + system CPU, peak resident memory). The outputs of a run
# are kept until the next run begins, then removed (untimed), and `sync` is run before each
# timed command, so no build pays for deleting or flushing another's files. The content is in
# the page cache (it was just generated): these are warm-cache figures. Results: a Markdown
# table on standard output and in bench/out/<scale>/runs.tsv (raw per-run figures) and
# bench/out/results-<scale>.md.
#
# File system: on ext4 without a journal (this project's benchmark machine), the kernel does
# not hand out again an inode freed in the last 60 s, or 300 s while its inode table block is
# unwritten (fs/ext4/ialloc.c, `recently_deleted`), and checks each such inode it passes over.
# A build that creates 200,000 files within five minutes of the removal of another 200,000 spent
# 20-30 s more kernel time on it, and whichever tool ran first after a removal paid the most.
# So each run removes the previous run's outputs, then waits SETTLE seconds before timing.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=$ROOT/bench/out
RUNS=${RUNS:-3}
HUGO=${HUGO:-1}
HUGO_LANGUAGES=${HUGO_LANGUAGES:-all}
REUSE_CONTENT=${REUSE_CONTENT:-0}
KEEP_OUTPUT=${KEEP_OUTPUT:-0}
SEED=${SEED:-57}
SERVE=${SERVE:-1}

say() { printf '\033[1m== %s\033[0m\n' "$*" >&2; }

# ---------------------------------------------------------------------------- scales
scale_args() {
  case $1 in
    province-year) echo "1 100 12" ;;
    national-year) echo "34 3321 12" ;;
    national-5y) echo "34 3321 60" ;;
    *) echo "unknown scale: $1 (province-year, national-year, national-5y, quick, all)" >&2; exit 2 ;;
  esac
}
scales=()
if [ $# -eq 0 ] || [ "$1" = all ]; then
  scales=(province-year national-year national-5y)
elif [ "$1" = quick ]; then
  scales=(province-year)
else
  for s in "$@"; do scale_args "$s" >/dev/null; scales+=("$s"); done
fi

# ---------------------------------------------------------------------------- tools
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
apt_install() {
  say "installing $* (Debian packages)"
  $SUDO apt-get install -y "$@" >/dev/null 2>&1 || { $SUDO apt-get update >/dev/null && $SUDO apt-get install -y "$@" >/dev/null; }
}
[ -x /usr/bin/time ] || apt_install time
command -v python3 >/dev/null || apt_install python3
if [ "$HUGO" = 1 ] && ! command -v hugo >/dev/null; then apt_install hugo; fi

say "building minhbach and the floor (release)"
cargo build --release --locked
cargo build --release --locked --example floor
MINHBACH=$ROOT/target/release/minhbach
FLOOR=$ROOT/target/release/examples/floor
VERBOSE=()
if "$MINHBACH" build --help | grep -q -- '--verbose'; then VERBOSE=(--verbose); fi
HUGO_VERSION=""
[ "$HUGO" = 1 ] && HUGO_VERSION=$(hugo version | awk '{print $2}')

# One timed command: appends "wall user sys maxrss_kb" to $1, the command's output to $2.
timed() {
  local times=$1 log=$2; shift 2
  sync
  /usr/bin/time -f '%e %U %S %M' -o "$times" -a "$@" >"$log" 2>&1
}
# Files and bytes under a folder.
count() { find "$1" -type f -printf '%s\n' | awk '{n++; b+=$1} END {printf "%d %.0f\n", n, b}'; }
# Removes folders and notes when, for `settle`.
LAST_REMOVAL=0
remove() {
  local p existed=0
  for p in "$@"; do [ -e "$p" ] && existed=1; done
  rm -rf "$@"
  [ "$existed" = 0 ] || LAST_REMOVAL=$(date +%s)
}
# Waits until SETTLE seconds have passed since the last removal (see "File system" above).
settle() {
  local wait=$(( LAST_REMOVAL + SCALE_SETTLE - $(date +%s) ))
  if [ "$wait" -gt 0 ]; then
    say "waiting ${wait} s after removing the previous outputs (SETTLE; ext4 recently_deleted)"
    sleep "$wait"
  fi
}
# Size and path of the largest HTML page under a folder.
largest() { find "$1" -type f -name '*.html' -printf '%s %P\n' | sort -n | tail -1; }

mkdir -p "$OUT"
for scale in "${scales[@]}"; do
  read -r provinces communes periods <<<"$(scale_args "$scale")"
  SCALE_SETTLE=${SETTLE:-310}
  [ "$scale" = province-year ] && SCALE_SETTLE=${SETTLE:-0}
  dir=$OUT/$scale
  mkdir -p "$dir"
  content=$dir/content
  if [ "$REUSE_CONTENT" = 1 ] && [ -f "$dir/content.done" ] \
    && [ "$(cat "$dir/content.done")" = "$provinces $communes $periods $SEED" ]; then
    say "$scale: reusing $content"
  else
    say "$scale: generating content ($provinces provinces, $communes communes, $periods months)"
    remove "$content" "$dir/content.done" "$dir/hugo-site"
    gen_started=$(date +%s%N)
    "$MINHBACH" demo --out "$content" --provinces "$provinces" --communes "$communes" \
      --periods "$periods" --seed "$SEED" --lang en
    echo "$provinces $communes $periods $SEED" >"$dir/content.done"
    echo $(( ($(date +%s%N) - gen_started) / 1000000 )) >"$dir/content.ms"
  fi
  read -r in_files in_bytes <<<"$(count "$content")"
  prep_secs=""
  if [ "$HUGO" = 1 ]; then
    say "$scale: converting the content to a Hugo site (preparation, not timed as Hugo's)"
    remove "$dir/hugo-site"
    prep_started=$(date +%s%N)
    python3 "$ROOT/bench/hugo/convert.py" "$content" "$dir/hugo-site" --languages "$HUGO_LANGUAGES" >&2
    prep_secs=$(( ($(date +%s%N) - prep_started) / 1000000 ))
  fi

  runs=$dir/runs.tsv
  printf 'run\ttool\twall_s\tuser_s\tsys_s\tmaxrss_kb\tpages\tcharts\tfiles\tbytes\tload1\tstages\tlargest_page\tonline_s\n' >"$runs"
  for run in $(seq 1 "$RUNS"); do
    # minhbach
    remove "$dir/site" "$dir/.site.minhbach-"* "$dir/floor" "$dir/hugo-public"
    settle
    load=$(cut -d' ' -f1 /proc/loadavg)
    say "$scale run $run/$RUNS: minhbach build (load $load)"
    : >"$dir/t.minhbach"
    timed "$dir/t.minhbach" "$dir/minhbach.log" "$MINHBACH" build --content "$content" \
      --output "$dir/site" --lang en "${VERBOSE[@]}" \
      || { echo "minhbach build failed; see $dir/minhbach.log" >&2; tail -5 "$dir/minhbach.log" >&2; exit 1; }
    summary=$(sed 's/\x1b\[[0-9;]*m//g' "$dir/minhbach.log" | grep -E '^built .* pages, .* charts' | tail -1)
    pages=$(sed -E 's/.*: ([0-9]+) pages.*/\1/' <<<"$summary")
    charts=$(sed -E 's/.* ([0-9]+) charts.*/\1/' <<<"$summary")
    stages=$(sed 's/\x1b\[[0-9;]*m//g' "$dir/minhbach.log" | grep -E '^read and checked' | tail -1 \
      | sed -E 's/.* in ([0-9.]+) s; wrote .* in ([0-9.]+) s$/read+parse \1 s, then validate+model+render+write \2 s/' || true)
    read -r files bytes <<<"$(count "$dir/site")"
    big=$(largest "$dir/site")
    read -r w u s m <"$dir/t.minhbach"
    printf '%s\tminhbach\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$run" "$w" "$u" "$s" "$m" \
      "$pages" "$charts" "$files" "$bytes" "$load" "$stages" "$big" >>"$runs"

    # floor: the same number of files and bytes
    load=$(cut -d' ' -f1 /proc/loadavg)
    say "$scale run $run/$RUNS: floor ($files files, $bytes bytes)"
    : >"$dir/t.floor"
    timed "$dir/t.floor" "$dir/floor.log" "$FLOOR" "$content" "$dir/floor" "$bytes" "$files" \
      || { echo "floor failed; see $dir/floor.log" >&2; exit 1; }
    read -r ffiles fbytes <<<"$(count "$dir/floor")"
    read -r w u s m <"$dir/t.floor"
    fstages=$(sed -E 's/.* parsed in ([0-9.]+) s; .* in ([0-9.]+) s$/read+parse \1 s, write \2 s/' "$dir/floor.log")
    printf '%s\tfloor\t%s\t%s\t%s\t%s\t\t\t%s\t%s\t%s\t%s\t\n' "$run" "$w" "$u" "$s" "$m" \
      "$ffiles" "$fbytes" "$load" "$fstages" >>"$runs"

    # Hugo
    if [ "$HUGO" = 1 ]; then
      load=$(cut -d' ' -f1 /proc/loadavg)
      say "$scale run $run/$RUNS: hugo $HUGO_VERSION (load $load)"
      : >"$dir/t.hugo"
      timed "$dir/t.hugo" "$dir/hugo.log" hugo --source "$dir/hugo-site" --destination "$dir/hugo-public" \
        --cacheDir "$dir/hugo-cache" \
        || { echo "hugo failed; see $dir/hugo.log" >&2; tail -5 "$dir/hugo.log" >&2; exit 1; }
      hpages=$(awk -F'|' '/^ *Pages /{for (i = 2; i <= NF; i++) n += $i} END {print n + 0}' "$dir/hugo.log")
      read -r hfiles hbytes <<<"$(count "$dir/hugo-public")"
      hbig=$(largest "$dir/hugo-public")
      read -r w u s m <"$dir/t.hugo"
      printf '%s\thugo\t%s\t%s\t%s\t%s\t%s\t0\t%s\t%s\t%s\t\t%s\n' "$run" "$w" "$u" "$s" "$m" \
        "$hpages" "$hfiles" "$hbytes" "$load" "$hbig" >>"$runs"
    fi
  done
  [ "$KEEP_OUTPUT" = 1 ] || remove "$dir/site" "$dir/.site.minhbach-"* "$dir/floor" "$dir/hugo-public"

  if [ "${INCREMENTAL:-1}" = 1 ]; then
    say "$scale: incremental builds (a full build first, untimed)"
    inc=$dir/inc-site
    remove "$inc" "$dir/.inc-site.minhbach-"*
    settle
    "$MINHBACH" build --content "$content" --output "$inc" --lang en >"$dir/inc.log" 2>&1 \
      || { echo "minhbach build failed; see $dir/inc.log" >&2; exit 1; }
    # RUNS times: a rebuild with nothing changed, then one province's next month added (timed),
    # then the month taken away again and the site rebuilt (untimed), so that every run starts
    # from the same site.
    for run in $(seq 1 "$RUNS"); do
      for step in unchanged new-month; do
        added=()
        if [ "$step" = new-month ]; then
          mapfile -t added < <(python3 -B "$ROOT/bench/add_month.py" "$content")
        fi
        load=$(cut -d' ' -f1 /proc/loadavg)
        say "$scale run $run/$RUNS: minhbach rebuild, $step${added:+ (${#added[@]} new period files)}"
        : >"$dir/t.inc"
        timed "$dir/t.inc" "$dir/inc.log" "$MINHBACH" build --content "$content" --output "$inc" \
          --lang en "${VERBOSE[@]}" || { echo "rebuild failed; see $dir/inc.log" >&2; exit 1; }
        read -r w u s m <"$dir/t.inc"
        # An update puts its pages online, then makes the bulk downloads: both times are kept.
        online=$(sed -nE 's/.*site updated in ([0-9.]+) s.*/\1/p' "$dir/inc.log" | tail -1)
        printf '%s\tminhbach-%s\t%s\t%s\t%s\t%s\t\t\t\t\t%s\t%s\t\t%s\n' "$run" "$step" "$w" "$u" "$s" "$m" \
          "$load" "${#added[@]} new period files" "$online" >>"$runs"
        if [ ${#added[@]} -gt 0 ]; then
          rm -f "${added[@]}"
          "$MINHBACH" build --content "$content" --output "$inc" --lang en >"$dir/inc-restore.log" 2>&1 \
            || { echo "rebuild failed; see $dir/inc-restore.log" >&2; exit 1; }
        fi
      done
    done
    [ "$KEEP_OUTPUT" = 1 ] || remove "$inc" "$dir/.inc-site.minhbach-"*
    # The same new month taken in by `minhbach serve`, which keeps what it learnt between its
    # builds and hears of changes from the file watcher (README, "Preview server").
    if [ "$SERVE" = 1 ]; then
      say "$scale: minhbach serve, one province's next month, $RUNS runs (a first build, untimed)"
      remove "$dir/serve-cache"
      settle
      python3 -B "$ROOT/bench/serve_update.py" "$MINHBACH" "$content" "$dir/serve-cache" "$RUNS" \
        >>"$runs" || { echo "the serve benchmark failed" >&2; exit 1; }
      [ "$KEEP_OUTPUT" = 1 ] || remove "$dir/serve-cache"
    fi
  fi

  python3 "$ROOT/bench/report.py" "$runs" --scale "$scale" \
    --shape "$provinces $communes $periods" --content "$in_files $in_bytes" \
    --generated-ms "$(cat "$dir/content.ms" 2>/dev/null || true)" --prep-ms "$prep_secs" \
    --hugo "$HUGO_VERSION" --hugo-languages "$HUGO_LANGUAGES" \
    --minhbach "$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$ROOT" diff --quiet HEAD -- src Cargo.toml 2>/dev/null || echo '+changes')" \
    | tee "$OUT/results-$scale.md"
done
