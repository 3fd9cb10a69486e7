#!/usr/bin/env bash
# The soak behind BENCHMARKS.md "Long run": `serve --playlist` switching every 30 s through every bundled preset and
# a broken one, VIEWERS WebSocket viewers coming and going, OSC and HTTP control traffic (scripts/SoakViewers.java),
# for HOURS. Every minute it samples the server: heap after a full GC, direct memory (NMT "Other": NIO and Netty
# direct buffers), the JVM's committed native memory, RSS, threads, open file descriptors, frames; at the end it
# prints the slope of each over the last hour (% of its mean per hour) and the errors counted.
#
# Usage: scripts/soak.sh [HOURS=2] [VIEWERS=50] [PORT=18081]
# Environment: SOAK_DIR (where samples.csv, server.log, traffic.log and summary.txt go; default target/soak-DATE),
#   SOAK_SIZE (512x512), SOAK_FPS (30), SOAK_SECONDS_PER_ENTRY (30), SOAK_SAMPLE_SECONDS (60),
#   ZOOMORPH_CLASSPATH (run this classpath instead of ./zoomorph's build: a copy that rebuilding does not touch).
set -euo pipefail
hours=${1:-2}
viewers=${2:-50}
port=${3:-18081}
osc_port=$((port + 1))
root="$(cd "$(dirname "$0")/.." && pwd)"
dir=${SOAK_DIR:-$root/target/soak-$(date -u +%Y%m%dT%H%M%SZ)}
size=${SOAK_SIZE:-512x512}
fps=${SOAK_FPS:-30}
entry_seconds=${SOAK_SECONDS_PER_ENTRY:-30}
sample_seconds=${SOAK_SAMPLE_SECONDS:-60}
seconds=$(awk -v h="$hours" 'BEGIN { printf "%d", h * 3600 }')
token=soak-$RANDOM$RANDOM
mkdir -p "$dir/presets"

# Every bundled preset, then one that is garbage on disk: the playlist must skip it, count it and play on.
printf '{"name": "broken", "model": ' > "$dir/presets/broken.json"
{
  printf '{"loop": true, "entries": ['
  for preset in "$root"/presets/*.json; do
    printf '{"preset": "%s", "seconds": %s}, ' "$(basename "$preset" .json)" "$entry_seconds"
  done
  printf '{"preset": "%s", "seconds": %s}]}\n' "$dir/presets/broken.json" "$entry_seconds"
} > "$dir/playlist.json"

java_opts="-XX:NativeMemoryTracking=summary ${ZOOMORPH_JAVA_OPTS:-}"
serve_args=(serve --port "$port" --osc-port "$osc_port" --token "$token" --size "$size" --fps "$fps"
  --preset-dir "$dir/presets" --playlist "$dir/playlist.json")
if [[ -n "${ZOOMORPH_CLASSPATH:-}" ]]; then
  . "$root/scripts/openmp-env.sh"
  nice -n 10 java $java_opts -cp "$ZOOMORPH_CLASSPATH" dev.zoomorph.server.Main "${serve_args[@]}" > "$dir/server.log" 2>&1 &
else
  ZOOMORPH_JAVA_OPTS="$java_opts" nice -n 10 "$root/zoomorph" "${serve_args[@]}" > "$dir/server.log" 2>&1 &
fi
launcher=$!
cleanup() { kill "$launcher" 2>/dev/null || true; [[ -n "${traffic:-}" ]] && kill "$traffic" 2>/dev/null || true; }
trap cleanup EXIT
until curl -sf "http://127.0.0.1:$port/health" > /dev/null; do
  kill -0 "$launcher" 2>/dev/null || { echo "serve stopped; see $dir/server.log" >&2; exit 1; }
  sleep 2
done
pid=$(pgrep -f "dev.zoomorph.server.Main serve --port $port " | head -1)
echo "soak: serve pid $pid, $viewers viewers, $hours h, samples in $dir/samples.csv" >&2

nice -n 10 java "$root/scripts/SoakViewers.java" "$port" "$viewers" "$seconds" "$osc_port" "$token" \
  > "$dir/traffic.log" 2>&1 &
traffic=$!

kb() { sed -n "s/.*$1[^0-9]*\([0-9][0-9]*\)KB.*/\1/p" | head -1; }
echo "minute,epoch,heap_after_gc_kb,direct_kb,native_committed_kb,rss_kb,threads,fds,frames,fps,viewers,skipped" \
  > "$dir/samples.csv"
start=$(date +%s)
for ((t = 0; t <= seconds; t += sample_seconds)); do
  next=$((start + t + sample_seconds))
  jcmd "$pid" GC.run > /dev/null
  heap=$(jcmd "$pid" GC.heap_info | grep -o 'used [0-9]*K' | head -1 | tr -dc 0-9)
  nmt=$(jcmd "$pid" VM.native_memory summary)
  direct=$(echo "$nmt" | grep -A1 -- '- *Other (' | kb committed)
  native=$(echo "$nmt" | grep 'Total:' | kb committed)
  rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
  threads=$(awk '/Threads/ {print $2}' "/proc/$pid/status")
  fds=$(ls "/proc/$pid/fd" | wc -l)
  state=$(curl -sf "http://127.0.0.1:$port/api/state" || echo '{}')
  field() { echo "$state" | grep -o "\"$1\":[0-9.]*" | head -1 | cut -d: -f2; }
  echo "$((t / 60)),$(date +%s),$heap,${direct:-0},${native:-0},$rss,$threads,$fds,$(field frames),$(field fps),$(field viewers),$(field skipped)" \
    >> "$dir/samples.csv"
  sleep $((next > $(date +%s) ? next - $(date +%s) : 0))
done
wait "$traffic" || true
traffic=

# Slope of each column over the last hour (least squares, per hour, as % of the column's mean there).
{
  echo "soak: $hours h, $viewers viewers coming and going, playlist of $(grep -o '"preset"' "$dir/playlist.json" | wc -l) entries (one broken) every ${entry_seconds} s, $size at $fps fps"
  echo "load at the end: $(uptime)"
  awk -F, -v window=3600 'NR == 1 { for (i = 3; i <= 8; i++) name[i] = $i; next }
    { t[NR] = $2; for (i = 3; i <= 8; i++) v[NR, i] = $i; last = NR }
    END {
      for (i = 3; i <= 8; i++) {
        n = sx = sy = sxx = sxy = 0
        for (r = 2; r <= last; r++) if (t[r] >= t[last] - window) {
          x = (t[r] - t[last]) / 3600; y = v[r, i]; n++; sx += x; sy += y; sxx += x * x; sxy += x * y }
        slope = (n * sxy - sx * sy) / (n * sxx - sx * sx); mean = sy / n
        printf "%-22s first %10d  last %10d  slope over the last hour %+8.1f/h = %+6.2f %%/h of its mean (%d samples)\n",
          name[i], v[2, i], v[last, i], slope, 100 * slope / mean, n
      }
    }' "$dir/samples.csv"
  echo "traffic: $(tail -1 "$dir/traffic.log")"
  echo "server log: $(grep -c ' ERROR ' "$dir/server.log" || true) ERROR lines, of which $(grep -c 'playlist: skipped' "$dir/server.log" || true) the broken entry skipped; $(grep -c ' WARN ' "$dir/server.log" || true) WARN lines"
  echo "frames rendered: $(tail -1 "$dir/samples.csv" | cut -d, -f9)"
} | tee "$dir/summary.txt"
