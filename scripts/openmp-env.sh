# The OpenMP settings every launcher starts Java with; sourced by ./zoomorph, playlist/demo, examples/run and
# render/bench.sh, and written out once more for the tests in the parent pom's Surefire configuration. libgomp reads
# them once, when oneDNN loads it, so Java cannot set them (engine's DenseChain and CppnGenerator say why they matter).
# Each oneDNN product runs on the thread that asks for it (one OpenMP thread), and the CPU CPPN renders a frame's
# tiles on one thread per core instead: no OpenMP barrier after each of a frame's products, and a thread that the
# show's encoder or network takes a core from delays only its own tile. Against OpenMP spreading each product over
# the cores this made a 512² frame about 1.1x faster and cut the live show's slow frames (BENCHMARKS.md).
# Where OMP_NUM_THREADS is set higher (a machine with many cores may want a few threads per tile), OpenMP's threads
# spin 3000 rounds after each product (long enough to catch the next one), then sleep, so that between frames they
# leave the cores to the encoder and network threads. A setting already in the environment wins.
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
export GOMP_SPINCOUNT="${GOMP_SPINCOUNT:-3000}"
