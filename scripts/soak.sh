#!/usr/bin/env bash
# Soak test behind BENCHMARKS.md "Long run": serves PRESET, connects VIEWERS WebSocket viewers for SECONDS, and
# every 30 s prints the server's heap after a full GC and its resident memory.
# Usage: scripts/soak.sh [SECONDS=600] [VIEWERS=20] [PORT=18081] [PRESET=default]
set -euo pipefail
seconds=${1:-600}
viewers=${2:-20}
port=${3:-18081}
preset=${4:-default}
root="$(cd "$(dirname "$0")/.." && pwd)"

"$root/zoomorph" serve --port "$port" --no-osc --preset "$preset" > /dev/null 2>&1 &
server=$!
trap 'kill $server 2>/dev/null' EXIT
until curl -sf "http://127.0.0.1:$port/health" > /dev/null; do sleep 1; done
pid=$(pgrep -f "dev.zoomorph.server.Main serve --port $port")

java "$root/scripts/SoakViewers.java" "$port" "$viewers" "$seconds" &
for ((t = 0; t <= seconds; t += 30)); do
  jcmd "$pid" GC.run > /dev/null
  echo "t=${t}s heap after GC: $(jcmd "$pid" GC.heap_info | grep -o 'used [0-9]*K' | head -1), rss $(ps -o rss= -p "$pid")K"
  sleep 30
done
wait
