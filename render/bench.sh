#!/bin/sh
# Reruns the OpenGL rendering benchmark (BENCHMARKS.md, "OpenGL rendering"). Run from the repository root.
set -e
mvn -q -B -pl render -am test-compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt \
  -Dmdep.includeScope=test
# oneDNN's OpenMP threads sleep between frames, as ./zoomorph has them.
. scripts/openmp-env.sh
exec java -Xmx3g -Dorg.bytedeco.javacpp.cachedir="$HOME/.cache/zoomorph-javacpp" -cp "render/target/test-classes:render/target/classes:engine/target/classes:$(cat render/target/classpath.txt)" \
  dev.zoomorph.render.GlBenchmark "$@"
