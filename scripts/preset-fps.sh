#!/bin/sh
# Live frames per second of presets at 512x512 (BENCHMARKS.md, "The model family"): each preset is served in turn
# by ./zoomorph serve asking for 240 fps, so the render loop is the limit, and the fps /health reports (the loop's
# own, over its last two seconds) is averaged over 10 s after a 6 s warm-up. Usage, from the repository root:
#   sh scripts/preset-fps.sh fashion-vae-dcgan emoji emoji-dcgan
# Prints one Markdown row per preset, with the load average before and after.
set -e
port=18931
for preset in "$@"; do
  load_before=$(cut -d' ' -f1-3 /proc/loadavg)
  ./zoomorph serve --preset "$preset" --size 512x512 --fps 240 --port $port --osc-port $((port + 1)) \
    >/dev/null 2>&1 &
  pid=$!
  until curl -sf "http://127.0.0.1:$port/health" >/dev/null 2>&1; do sleep 0.5; done
  sleep 6
  sum=0
  for i in 1 2 3 4 5 6 7 8 9 10; do
    sleep 1
    fps=$(curl -s "http://127.0.0.1:$port/health" | sed -n 's/.*"fps" *: *\([0-9.]*\).*/\1/p')
    sum=$(echo "$sum + $fps" | bc -l)
  done
  kill $pid
  wait $pid 2>/dev/null || true
  printf '| %s | %.1f | %s → %s |\n' "$preset" "$(echo "$sum / 10" | bc -l)" "$load_before" \
    "$(cut -d' ' -f1-3 /proc/loadavg)"
done
