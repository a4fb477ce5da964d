#!/bin/sh
# one_core: bench/frames' figures on one CPU, standing in for a small board (issue 12's "a
# one-core figure set"). Everything frames starts runs on CPU 0 (taskset's affinity is
# inherited: majlis, its llvmpipe and the private Xvfb), and llvmpipe rasterizes with one
# thread (LP_NUM_THREADS=1) instead of one per core. Its lines are frames' lines prefixed with
# `one_core_`: one_core_lobby_frame_ms, one_core_ticker_cpu_percent (% of that one core),
# one_core_startup_to_first_frame_ms, ...
#
#   bench/one_core.sh [BUILD_DIR] [frames' options...]     (BUILD_DIR: default build)
set -eu
build=${1:-build}
[ $# -gt 0 ] && shift
LP_NUM_THREADS=1 taskset -c 0 "$build/frames" "$@" | sed -u 's/^\([a-z_0-9]*: [-0-9.]*\)$/one_core_\1/'
