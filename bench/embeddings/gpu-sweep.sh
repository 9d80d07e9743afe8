#!/usr/bin/env bash
# The settings sweep behind the ComplEx defaults (see gpu_sweep.py), as run on the device machine (one H100):
#   DATA=dir-with-wn18rr-and-fb15k-237 OUT=results-dir bash bench/embeddings/gpu-sweep.sh
# All 14 runs share the one GPU at once, each for SECS seconds (default 370) of training.
set -u
nvidia-smi -L
mkdir -p /tmp/sw
run(){ (cd bench/embeddings && python3 gpu_sweep.py ${DATA:-../../.gpudata}/$1 $2 $3 $4 0.1 400 ${SECS:-370} 5 /tmp/sw/$1-d$2-b$3-r$4.jsonl >/dev/null 2>/tmp/sw/err-$1-$2-$3-$4.txt) & pids+=($!); }
pids=()
run wn18rr 200 256 0.1
run wn18rr 200 100 0.1
run wn18rr 200 256 0.05
run wn18rr 200 1000 0.1
run wn18rr 400 256 0.1
run wn18rr 1000 256 0.1
run wn18rr 200 100 0.05
run fb15k-237 200 256 0.025
run fb15k-237 200 256 0.05
run fb15k-237 200 1000 0.05
run fb15k-237 200 100 0.05
run fb15k-237 400 256 0.05
run fb15k-237 1000 256 0.05
run fb15k-237 200 1000 0.025
(while true; do sleep 20; cat /tmp/sw/*.jsonl > $OUT/sweep.jsonl 2>/dev/null; tail -n 3 /tmp/sw/err-* > $OUT/errors.txt 2>/dev/null; nvidia-smi --query-gpu=utilization.gpu,memory.used --format=csv,noheader >> $OUT/gpu.txt; done) &
L=$!
wait "${pids[@]}"
sleep 1
cat /tmp/sw/*.jsonl > $OUT/sweep.jsonl; tail -n 3 /tmp/sw/err-* > $OUT/errors.txt
kill $L
echo done
