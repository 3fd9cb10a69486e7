#!/usr/bin/env bash
# The GPU check: what Zoomorph's OpenGL path does on a machine with an NVIDIA GPU, as one Markdown table (the CPPN's
# fps at 1920x1080 and 3840x2160 for the default preset's 4x32 net and Ha's 4x128 net, in the compute shader the GL
# backend runs on a GPU and in the fragment shader it runs elsewhere, through EGL with no display, and the GL
# backend's frame read back; the 4x32 net also with its weights in a storage buffer rather than a uniform block; the
# texture path, a 64x64 picture to 3840x2160 with readback; agreement with CPU reference frames, mean <= 1/255; the
# largest uniform block, which decides where the compute shader keeps a net's weights; whether
# GL_NV_cooperative_matrix is there; which backend `--backend auto` picks).
#
# A GPU machine lent to this project has a few minutes, no network, no Java, and takes at most 64 MiB of files, so
# the check travels as a self-contained bundle of at most 60 MiB: a jlink Java runtime with only the modules the
# render path needs, the render, engine and shader classes, LWJGL and its natives, the CPU reference frames (rendered here by
# the CPU backend, whose oneDNN natives stay behind, so the check exercises the GL path only), this script, and
# Debian's libglvnd packages (libEGL, and libGL, which LWJGL loads too) in case the machine lacks them.
#
#   1. Here (JDK 17 with jlink, Maven, network for the .debs), from the repository root:
#        scripts/gpu-check.sh build [DIR] [--no-gl-debs]        (DIR defaults to target/gpu-check)
#   2. Carry DIR to the GPU machine, e.g. with the device tool: run(command="bash target/gpu-check/gpu-check.sh run",
#      carry=["target/gpu-check"]).
#   3. There:
#        bash DIR/gpu-check.sh run [--any-gl] [--sizes WxH,...]
#      prints the table in well under 5 minutes (under one on an H100, 2026-12-06, before the compute rows were added;
#      the fragment shader's 4K rows take most of it). Exit
#      status 0: done; 1: a frame disagrees with its reference or a shader does not build there;
#      3: no NVIDIA GPU here (the script says so and stops, unless --any-gl asks to measure whatever OpenGL there is:
#      the test GpuCheckBundleTest runs it that way on Mesa's llvmpipe, with --sizes 64x64 to stay short).
#
# GPU_CHECK_CLASSPATH, when set, is the render module's runtime classpath to bundle (the test passes its own);
# otherwise the build asks Maven for it (compiling render and engine first).
set -euo pipefail

die() {
  echo "gpu-check: $*" >&2
  exit 2
}

max_bytes=$((60 * 1024 * 1024))

build() {
  local out="target/gpu-check" gl_debs=1
  for arg in "$@"; do
    case "$arg" in
      --no-gl-debs) gl_debs=0 ;;
      -*) die "unknown option $arg" ;;
      *) out="$arg" ;;
    esac
  done
  [[ -f render/pom.xml ]] || die "run the build from the repository root"
  command -v jlink >/dev/null || die "jlink not found: a JDK 17 is needed (Debian: openjdk-17-jdk-headless)"
  local classpath="${GPU_CHECK_CLASSPATH:-}"
  if [[ -z "$classpath" ]]; then
    mvn -q -B -Dzoomorph.skipDebianPackages=true -pl render -am compile dependency:build-classpath \
      -Dmdep.includeScope=runtime -Dmdep.outputFile=target/gpu-check-classpath.txt 1>&2
    classpath="$PWD/render/target/classes:$(cat render/target/gpu-check-classpath.txt)"
  fi
  rm -rf "$out"
  mkdir -p "$out/lib" "$out/refs"

  # Only what the GL path loads: no TensorFlow, FFmpeg or Reactor (their classes are never loaded there).
  local entry
  IFS=':' read -r -a entries <<<"$classpath"
  for entry in "${entries[@]}"; do
    case "$entry" in
      render/target/classes | */render/target/classes | engine/target/classes | */engine/target/classes \
        | shaders/target/classes | */shaders/target/classes)
        jar --create --file "$out/lib/zoomorph-$(basename "$(dirname "$(dirname "$entry")")").jar" -C "$entry" . ;;
      */zoomorph-render-*.jar | */zoomorph-engine-*.jar | */zoomorph-shaders-*.jar | */lwjgl-[0-9]*.jar | */lwjgl-opengl-*.jar \
        | */lwjgl-egl-*.jar | */slf4j-api-*.jar | */slf4j-simple-*.jar | */jspecify-*.jar)
        cp "$entry" "$out/lib/" ;;
    esac
  done
  for needed in zoomorph-render zoomorph-engine zoomorph-shaders lwjgl-opengl lwjgl-egl; do
    compgen -G "$out/lib/$needed*.jar" >/dev/null || die "the classpath has no $needed"
  done

  # The CPU reference frames, rendered by the CPU backend (oneDNN) here: the full classpath has it.
  # shellcheck source=scripts/openmp-env.sh
  source "$(dirname "${BASH_SOURCE[0]}")/openmp-env.sh"
  java -Dorg.bytedeco.javacpp.cachedir="$HOME/.cache/zoomorph-javacpp" -cp "$classpath" \
    dev.zoomorph.render.GpuCheck references "$out/refs" 2> >(grep -v -E '^(WARNING|I0000)' >&2)

  # The classes the check loads need java.base, and jdk.unsupported for LWJGL; jdeps over the whole jars would add
  # java.desktop (MIDI, ImageIO: classes the check never loads), 20 MiB more. GpuCheckBundleTest runs the bundle.
  local modules="java.base,jdk.unsupported"
  jlink --add-modules "$modules" --strip-debug --no-header-files --no-man-pages --compress=2 \
    --output "$out/runtime"

  if [[ "$gl_debs" == 1 ]]; then
    mkdir -p "$out/gl"
    if ! (cd "$out/gl" && apt-get download libegl1 libglvnd0 libopengl0 libgl1 libglx0 >/dev/null 2>&1); then
      echo "gpu-check: could not download libegl1 libglvnd0 libopengl0 libgl1 libglx0 (apt-get update first?);" \
        "the bundle relies on the GPU machine's libEGL and libGL" >&2
      rm -rf "$out/gl"
    fi
  fi
  cp "${BASH_SOURCE[0]}" "$out/gpu-check.sh"

  local bytes
  bytes="$(du -sb "$out" | cut -f1)"
  ((bytes <= max_bytes)) || die "the bundle is $((bytes / 1048576)) MiB, over the 60 MiB it may take"
  echo "gpu-check: bundle $out: $((bytes / 1048576)) MiB (Java modules: $modules)" >&2
}

run() {
  local bundle any_gl=0
  bundle="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
  [[ -x "$bundle/runtime/bin/java" ]] || die "run this from a built bundle (scripts/gpu-check.sh build), not the repository"
  for arg in "$@"; do
    [[ "$arg" == --any-gl ]] && any_gl=1
  done
  if [[ "$any_gl" == 0 ]] && ! compgen -G "/dev/nvidia[0-9]*" >/dev/null; then
    echo "gpu-check: no NVIDIA GPU on this machine (no /dev/nvidia0); nothing to measure." \
      "Pass --any-gl to measure whatever OpenGL is here." >&2
    exit 3
  fi
  # A machine with the NVIDIA driver but no libglvnd gets the carried libEGL and libGL, unpacked inside the bundle.
  if ! ldconfig -p 2>/dev/null | grep -q 'libEGL.so.1' && compgen -G "$bundle/gl/*.deb" >/dev/null; then
    local root="$bundle/gl/root" deb
    mkdir -p "$root"
    command -v dpkg >/dev/null || die "no libEGL.so.1 here, and no dpkg to unpack the carried one"
    for deb in "$bundle"/gl/*.deb; do
      dpkg -x "$deb" "$root"
    done
    export LD_LIBRARY_PATH="$root/usr/lib/x86_64-linux-gnu${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  fi
  # Containers often mount the driver in /usr/local/nvidia, outside the loader's path and glvnd's vendor folder.
  local vendor nvidia_egl
  for vendor in /usr/local/nvidia/share/glvnd/egl_vendor.d/10_nvidia.json \
    /usr/share/glvnd/egl_vendor.d/10_nvidia.json; do
    if [[ -z "${__EGL_VENDOR_LIBRARY_FILENAMES:-}" && -f "$vendor" ]]; then
      export __EGL_VENDOR_LIBRARY_FILENAMES="$vendor"
    fi
  done
  if ! ldconfig -p 2>/dev/null | grep -q 'libEGL_nvidia.so.0'; then
    nvidia_egl="$(compgen -G "/usr/local/nvidia/lib*/libEGL_nvidia.so.0" | head -n 1 || true)"
    if [[ -n "$nvidia_egl" ]]; then
      export LD_LIBRARY_PATH="$(dirname "$nvidia_egl")${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
      if [[ -z "${__EGL_VENDOR_LIBRARY_FILENAMES:-}" ]]; then
        echo '{"file_format_version": "1.0.0", "ICD": {"library_path": "'"$nvidia_egl"'"}}' >"$bundle/10_nvidia.json"
        export __EGL_VENDOR_LIBRARY_FILENAMES="$bundle/10_nvidia.json"
      fi
    fi
  fi
  exec timeout 280 "$bundle/runtime/bin/java" -Xmx2g -cp "$bundle/lib/*" dev.zoomorph.render.GpuCheck run \
    "$bundle/refs" "$@"
}

case "${1:-}" in
  build) shift; build "$@" ;;
  run) shift; run "$@" ;;
  *) die "usage: scripts/gpu-check.sh build [DIR] [--no-gl-debs]   |   DIR/gpu-check.sh run [--any-gl] [--sizes WxH,...]" ;;
esac
