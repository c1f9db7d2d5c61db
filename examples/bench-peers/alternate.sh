#!/usr/bin/env bash
# Runs `nas bench W` and its PyTorch eager peer alternately, ROUNDS times each (ours, peer, ours,
# peer ...), at one intra-op thread (THREADS=2 for the design's default of two), and prints one JSON
# line per run prefixed by the round, the side and the load average at its start. See README.md in
# this folder.
#
#   examples/bench-peers/alternate.sh "maedet-score detnas-step fcos-step" 3 5 2 > runs.log
#
# Environment: NAS_JAR (default examples/target/nas.jar), NAS_JAR_BEFORE (another build, run first
# in every round and tagged "before", for before/after tables), PEER_PYTHON (default /usr/bin/python3),
# PEER_LD_LIBRARY_PATH (a BLAS for the peer, see README.md), JAVA_OPTS.
set -euo pipefail
workloads=${1:-"maedet-score detnas-step fcos-step"}
rounds=${2:-3}
iters=${3:-5}
untimed=${4:-2}
here=$(cd "$(dirname "$0")" && pwd)
jar=${NAS_JAR:-$here/../target/nas.jar}
python=${PEER_PYTHON:-/usr/bin/python3}
threads=${THREADS:-1}
export OMP_NUM_THREADS=$threads OPENBLAS_NUM_THREADS=$threads MKL_NUM_THREADS=$threads
for r in $(seq 1 "$rounds"); do
  for w in $workloads; do
    peer=$here/${w//-/_}.py
    if [ -n "${NAS_JAR_BEFORE:-}" ]; then
      echo "$r before $(cut -d' ' -f1 /proc/loadavg) $(java ${JAVA_OPTS:-} -jar "$NAS_JAR_BEFORE" --threads "$threads" bench "$w" --iters "$iters" --untimed "$untimed" --json 2>/dev/null | tail -1)"
    fi
    echo "$r ours $(cut -d' ' -f1 /proc/loadavg) $(java ${JAVA_OPTS:-} -jar "$jar" --threads "$threads" bench "$w" --iters "$iters" --untimed "$untimed" --json 2>/dev/null | tail -1)"
    echo "$r peer $(cut -d' ' -f1 /proc/loadavg) $(LD_LIBRARY_PATH=${PEER_LD_LIBRARY_PATH:-} "$python" "$peer" --iters "$iters" --untimed "$untimed" --threads "$threads" | tail -1)"
  done
done
