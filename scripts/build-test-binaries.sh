#!/usr/bin/env bash
# Builds the guest test programs under test-binaries/<arch>/ into
# test-binaries/build/<arch>/ (git-ignored).
#
#   scripts/build-test-binaries.sh            # all architectures in ARCHES
#   ARCHES="riscv64" scripts/build-test-binaries.sh
#   FORCE=1 scripts/build-test-binaries.sh    # rebuild everything
#
# Incremental: an output is rebuilt only when it is older than its source,
# a shared include of its directory, or this script.
#
# Layout:
#   test-binaries/common/c/*.c     portable C tests, built for every architecture
#   test-binaries/common/c/*.cpp   portable C++ tests
#   test-binaries/<arch>/asm/*.S   freestanding assembly tests (-nostdlib -static,
#                                  own _start); may #include "*.inc" helpers
#   test-binaries/<arch>/c/*.c     architecture-specific C tests (optional)
# C and C++ tests are linked statically (glibc, libm, libstdc++). Each output
# is named after its source file without the extension. Architectures with
# DYNAMIC=1 also get every C/C++ test linked dynamically as <name>-dyn (run
# with -L /usr/<triplet>, the cross toolchain's sysroot).
#
# To add an architecture: add a case to arch_config() setting the tool
# names, the Debian package names and the flags, and create
# test-binaries/<arch>/asm/ (and c/ for architecture-specific C tests).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SCRIPT="$ROOT/scripts/build-test-binaries.sh"
ARCHES="${ARCHES:-riscv64 aarch64 arm}"
FORCE="${FORCE:-0}"

arch_config() {
  # Sets: CC CXX OBJDUMP PKGS ASM_FLAGS C_FLAGS CXX_FLAGS LIBS DYNAMIC
  # DYN_FLAGS MODES (per-test tweaks live in asm_flags_for / check_asm_output).
  # MODES lists instruction-set variants of the C/C++ tests as
  # "suffix:flags" words (suffix may be empty): every C/C++ test is built
  # once per mode, e.g. arm's ":-marm -thumb:-mthumb" gives hello and
  # hello-thumb (and hello-dyn, hello-thumb-dyn).
  DYNAMIC=0
  DYN_FLAGS=""
  MODES=":"
  case "$1" in
    riscv64)
      CC=riscv64-linux-gnu-gcc
      CXX=riscv64-linux-gnu-g++
      OBJDUMP=riscv64-linux-gnu-objdump
      PKGS="gcc-riscv64-linux-gnu g++-riscv64-linux-gnu binutils-riscv64-linux-gnu"
      # Assembly tests are plain RV64G so that every instruction is tested
      # in its 32-bit form; compressed.S is the one built with C enabled.
      ASM_FLAGS="-march=rv64g -mabi=lp64d -nostdlib -static -Wa,--fatal-warnings"
      # C code uses the toolchain default (rv64gc): RVC everywhere.
      C_FLAGS="-static -O2 -Wall"
      CXX_FLAGS="-static -O2 -Wall"
      LIBS="-lm"
      ;;
    aarch64)
      CC=aarch64-linux-gnu-gcc
      CXX=aarch64-linux-gnu-g++
      OBJDUMP=aarch64-linux-gnu-objdump
      PKGS="gcc-aarch64-linux-gnu g++-aarch64-linux-gnu binutils-aarch64-linux-gnu"
      # Plain Armv8.0-A for the assembly tests, except where a test asks for
      # an extension itself (.arch_extension lse etc.).
      ASM_FLAGS="-march=armv8-a -nostdlib -static -Wa,--fatal-warnings"
      # The toolchain default (armv8-a, outline atomics: LSE is picked at run
      # time from AT_HWCAP).
      C_FLAGS="-static -O2 -Wall"
      CXX_FLAGS="-static -O2 -Wall"
      LIBS="-lm"
      DYNAMIC=1
      DYN_FLAGS="-O2 -Wall"
      ;;
    arm)
      CC=arm-linux-gnueabihf-gcc
      CXX=arm-linux-gnueabihf-g++
      OBJDUMP=arm-linux-gnueabihf-objdump
      PKGS="gcc-arm-linux-gnueabihf g++-arm-linux-gnueabihf binutils-arm-linux-gnueabihf"
      # ARMv7-A (with SDIV/UDIV: armv7ve) and VFPv3-D32 (NEON is tested by
      # c/neon.c, which enables it itself);
      # each assembly test picks A32 or Thumb itself (.arm / .thumb).
      ASM_FLAGS="-march=armv7ve -mfpu=vfpv3 -mfloat-abi=hard -nostdlib -static -Wa,--fatal-warnings"
      # Debian's armhf default (armv7-a+fp, hard float), once as A32 and once
      # as Thumb-2 code (the C library itself is what Debian built). With a
      # 64-bit off_t, as Debian builds its packages: 32-bit readdir() fails
      # with EOVERFLOW on d_off values of a 64-bit host's file system under
      # qemu-arm, which is not what the tests are about.
      C_FLAGS="-static -O2 -Wall -D_FILE_OFFSET_BITS=64"
      CXX_FLAGS="$C_FLAGS"
      LIBS="-lm"
      DYNAMIC=1
      DYN_FLAGS="-O2 -Wall -D_FILE_OFFSET_BITS=64"
      MODES=":-marm -thumb:-mthumb"
      ;;
    *)
      echo "build-test-binaries: unknown architecture '$1'" >&2
      exit 1
      ;;
  esac
}

# Per-test assembler flags (arch, test name) -> extra/replacement flags.
asm_flags_for() {
  local arch="$1" name="$2"
  if [[ "$arch" == riscv64 && "$name" == compressed ]]; then
    echo "${ASM_FLAGS/-march=rv64g /-march=rv64gc }"
  else
    echo "$ASM_FLAGS"
  fi
}

# Post-build checks on an assembly test output (arch, test name, path):
# compressed must really contain RVC encodings, the others none (so they
# test the 32-bit forms).
check_asm_output() {
  local arch="$1" name="$2" out="$3" n
  [[ "$arch" == riscv64 ]] || return 0
  n=$("$OBJDUMP" -d -M no-aliases "$out" | grep -cE $'\tc\\.' || true)
  if [[ "$name" == compressed ]]; then
    if (( n < 50 )); then
      echo "build-test-binaries: $out has only $n compressed (c.*) instructions" >&2
      return 1
    fi
  elif (( n != 0 )); then
    echo "build-test-binaries: $out unexpectedly contains $n compressed instructions" >&2
    return 1
  fi
  return 0
}

need_tool() {
  if ! command -v "$1" >/dev/null 2>&1; then
    echo "build-test-binaries: '$1' not found." >&2
    echo "  Install it with: apt-get install -y $PKGS" >&2
    exit 1
  fi
}

# up_to_date OUT DEP... : true if OUT exists and is newer than every DEP
up_to_date() {
  local out="$1" dep
  shift
  [[ "$FORCE" != 1 && -e "$out" ]] || return 1
  for dep in "$@"; do
    [[ "$out" -nt "$dep" ]] || return 1
  done
  return 0
}

build_arch() {
  local arch="$1"
  arch_config "$arch"
  local src="$ROOT/test-binaries/$arch"
  local out="$ROOT/test-binaries/build/$arch"
  [[ -d "$src" || -d "$ROOT/test-binaries/common/c" ]] || { echo "build-test-binaries: no sources in $src" >&2; exit 1; }
  need_tool "$CC"
  need_tool "$OBJDUMP"
  mkdir -p "$out"

  local built=0 skipped=0 f name deps flags
  shopt -s nullglob

  # Assembly tests depend on every include in their directory.
  local incs=("$src"/asm/*.inc)
  for f in "$src"/asm/*.S; do
    name="$(basename "$f" .S)"
    deps=("$f" "${incs[@]}" "$SCRIPT")
    if up_to_date "$out/$name" "${deps[@]}"; then skipped=$((skipped + 1)); continue; fi
    flags="$(asm_flags_for "$arch" "$name")"
    echo "  AS   $arch/$name"
    # shellcheck disable=SC2086
    "$CC" $flags -I"$src/asm" -o "$out/$name.tmp" "$f"
    check_asm_output "$arch" "$name" "$out/$name.tmp"
    mv "$out/$name.tmp" "$out/$name"
    built=$((built + 1))
  done

  # C and C++: the common sources, then the architecture's own.
  local csrc=("$ROOT/test-binaries/common/c")
  [[ -d "$src/c" ]] && csrc+=("$src/c")
  local dir hdrs cxx_srcs variant vflags vxflags suffix mode mflags msuffix
  for dir in "${csrc[@]}"; do
    hdrs=("$dir"/*.h)
    cxx_srcs=("$dir"/*.cpp)
    (( ${#cxx_srcs[@]} == 0 )) || need_tool "$CXX"
    for mode in $MODES; do
    mflags="${mode#*:}"; msuffix="${mode%%:*}"
    for variant in static dynamic; do
      if [[ "$variant" == static ]]; then
        vflags="$C_FLAGS $mflags"; vxflags="$CXX_FLAGS $mflags"; suffix="$msuffix"
      else
        [[ "$DYNAMIC" == 1 ]] || continue
        vflags="$DYN_FLAGS $mflags"; vxflags="$DYN_FLAGS $mflags"; suffix="$msuffix-dyn"
      fi
      for f in "$dir"/*.c "${cxx_srcs[@]}"; do
        name="$(basename "${f%.*}")$suffix"
        deps=("$f" "${hdrs[@]}" "$SCRIPT")
        if up_to_date "$out/$name" "${deps[@]}"; then skipped=$((skipped + 1)); continue; fi
        if [[ "$f" == *.cpp ]]; then
          echo "  CXX  $arch/$name"
          # shellcheck disable=SC2086
          "$CXX" $vxflags -o "$out/$name.tmp" "$f" $LIBS
        else
          echo "  CC   $arch/$name"
          # shellcheck disable=SC2086
          "$CC" $vflags -o "$out/$name.tmp" "$f" $LIBS
        fi
        mv "$out/$name.tmp" "$out/$name"
        built=$((built + 1))
      done
    done
    done
  done
  echo "build-test-binaries: $arch: $built built, $skipped up to date -> ${out#"$ROOT"/}"
}

for arch in $ARCHES; do
  build_arch "$arch"
done
