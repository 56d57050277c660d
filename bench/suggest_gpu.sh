#!/usr/bin/env bash
# The suggestion benchmark on a GPU machine, in one command (figures as JSON in $OUT, default bench-out/):
#   bash bench/suggest_gpu.sh [SENTENCES]
# 1. no database: tokenise in threads, model in bf16 on the GPU, heads, rows formatted for COPY; and
#    the labels of bf16 against fp32 on 20,000 sentences;
# 2. database to database on the embedded PostgreSQL (no DATABASE_URL needed): read, score, COPY upsert.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-$( [ -x .venv/bin/python ] && echo .venv/bin/python || echo python3 )}
SENTENCES=${1:-200000}
OUT=${OUT:-bench-out}
mkdir -p "$OUT"
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader || true
"$PYTHON" -c "import torch; print('torch', torch.__version__, 'cuda', torch.cuda.is_available())"
common=(--device cuda --batch-size 1024 --threads 4 --chunk 50000)
"$PYTHON" bench/suggest.py --no-db "${common[@]}" --sentences "$SENTENCES" --compare-fp32 --json "$OUT/suggest-gpu-nodb.json"
export VAR_DIR=${BENCH_VAR_DIR:-/tmp/suggest-bench-var}  # the embedded PostgreSQL's data, kept out of $OUT
env -u DATABASE_URL SECRET_KEY=bench-only \
    "$PYTHON" bench/suggest.py "${common[@]}" --sentences "$SENTENCES" --json "$OUT/suggest-gpu-db.json"
"$PYTHON" -m annotate.embedded stop || true
