#!/usr/bin/env bash
# Exec-heavy loop (issue 6): a guest shell (Debian's busybox-static for ARCH, from
# .cache/real) runs a small foreign program N times. Under nodemu the guest shell's
# execve of the foreign ELF stays inside nodemu; under qemu the same script calls
# qemu-ARCH explicitly (what binfmt_misc would do). Same run, same machine; prints
# both wall times and the ratio (qemu time / nodemu time: >1 means nodemu is faster).
#   scripts/bench/exec-loop.sh [ARCH] [N]      ARCH: aarch64 (default), arm, riscv64
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
arch=${1:-aarch64}; n=${2:-200}
case $arch in aarch64) deb=arm64 ;; arm) deb=armhf ;; riscv64) deb=riscv64 ;; *) echo "unknown arch $arch" >&2; exit 2 ;; esac
bb=.cache/real/$deb/bin/busybox
hello=bench/build/$arch/hello
[[ -x $bb ]] || { echo "exec-loop: $bb missing (scripts/fetch-real-binaries.sh)" >&2; exit 2; }
[[ -x $hello ]] || { echo "exec-loop: $hello missing (npm run bench -- --quick builds it)" >&2; exit 2; }
loop='i=0; while [ $i -lt '$n' ]; do $RUN '"$PWD/$hello"' >/dev/null || exit 1; i=$((i+1)); done'
t() { local s e; s=$(date +%s.%N); "$@" >/dev/null; e=$(date +%s.%N); echo "$e - $s" | bc; }
tn=$(t env RUN= ./bin/nodemu "$bb" sh -c "$loop")
tq=$(t env RUN="$(command -v qemu-$arch)" "qemu-$arch" "$bb" sh -c "$loop")
printf '%s: %d execs of a static hello from busybox sh: nodemu %.2f s (%.1f ms/exec), qemu %.2f s (%.1f ms/exec), qemu/nodemu %.3f\n' \
  "$arch" "$n" "$tn" "$(echo "$tn * 1000 / $n" | bc -l)" "$tq" "$(echo "$tq * 1000 / $n" | bc -l)" "$(echo "$tq / $tn" | bc -l)"
