# The OpenMP settings every launcher starts Java with; sourced by ./zoomorph, playlist/demo, examples/run and
# render/bench.sh, and written out once more for the tests in the parent pom's Surefire configuration. libgomp reads
# them once, when oneDNN loads it, so Java cannot set them (engine's DenseChain says why they matter).
# After each layer oneDNN's threads spin for 3000 rounds (tens of microseconds: long enough to catch the next
# layer's product, which saved 5-12 % of a CPPN frame against sleeping at once), then sleep, so that between frames
# they leave the cores to the encoder and network threads. A setting already in the environment wins.
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
export GOMP_SPINCOUNT="${GOMP_SPINCOUNT:-3000}"
