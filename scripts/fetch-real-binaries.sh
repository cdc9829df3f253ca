#!/usr/bin/env bash
# Fetches real-world guest programs from Debian (bookworm) into .cache/real/
# (git-ignored), for tests/e2e/real-{aarch64,arm}.test.ts and the benchmarks:
#
#   .cache/real/debs/                 the downloaded .deb files (kept: re-runs skip them)
#   .cache/real/<debian-arch>/        each architecture's packages unpacked
#                                     (dpkg-deb -x): a guest root for -L
#
#   arm64:  busybox-static, and coreutils with the shared libraries it needs
#           (libc6 and friends), for a dynamically linked test with -L
#   armhf:  busybox-static and coreutils with its libraries, likewise (32-bit ARM guests)
#   host:   busybox-static for the host architecture (native timings)
#   riscv64: busybox-static from Debian trixie (bookworm has no riscv64), fetched
#           straight from the archive: InRelease (signature checked with gpgv
#           when the Debian keyring is installed) -> Packages.xz SHA256 -> .deb SHA256
#
#   scripts/fetch-real-binaries.sh        # download what is missing, unpack
#   FORCE=1 scripts/fetch-real-binaries.sh
#
# Uses `apt-get download` (needs the foreign architectures added with
# `dpkg --add-architecture`, which needs root; done only when a download is
# actually needed). Exit status 0 when everything is in place.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REAL="$ROOT/.cache/real"
DEBS="$REAL/debs"
FORCE="${FORCE:-0}"
HOST_ARCH="$(dpkg --print-architecture 2>/dev/null || echo amd64)"

# package:arch pairs. coreutils' run-time closure in bookworm: libc6 (+ libgcc-s1),
# libacl1, libattr1, libgmp10, libselinux1 (+ libpcre2-8-0), libssl3.
PKGS=(
  busybox-static:arm64
  coreutils:arm64 libc6:arm64 libgcc-s1:arm64 libacl1:arm64 libattr1:arm64 libgmp10:arm64
  libselinux1:arm64 libpcre2-8-0:arm64 libssl3:arm64
  busybox-static:armhf
  coreutils:armhf libc6:armhf libgcc-s1:armhf libacl1:armhf libattr1:armhf libgmp10:armhf
  libselinux1:armhf libpcre2-8-0:armhf libssl3:armhf
  "busybox-static:$HOST_ARCH"
)

log() { printf 'fetch-real-binaries: %s\n' "$*"; }
die() { printf 'fetch-real-binaries: %s\n' "$*" >&2; exit 1; }

command -v dpkg-deb >/dev/null 2>&1 || die "dpkg-deb not found (Debian/Ubuntu host needed)"
mkdir -p "$DEBS"

have_deb() { # pkg arch -> true if a .deb of it is in $DEBS
  compgen -G "$DEBS/${1}_*_${2}.deb" >/dev/null
}

missing=()
for pa in "${PKGS[@]}"; do
  pkg="${pa%%:*}" arch="${pa##*:}"
  if [[ "$FORCE" == 1 ]] || ! have_deb "$pkg" "$arch"; then missing+=("$pa"); fi
done

if (( ${#missing[@]} > 0 )); then
  SUDO=""
  [[ "$(id -u)" -eq 0 ]] || SUDO="sudo"
  # Foreign architectures are needed for apt to know their package lists.
  need_update=0
  for arch in $(printf '%s\n' "${missing[@]}" | sed 's/.*://' | sort -u); do
    [[ "$arch" == "$HOST_ARCH" ]] && continue
    if ! dpkg --print-foreign-architectures | grep -qx "$arch"; then
      log "adding architecture $arch"
      $SUDO dpkg --add-architecture "$arch"
      need_update=1
    fi
  done
  # apt-get download fails for packages apt has no list for: update once if needed.
  if (( need_update )) || ! apt-cache show "${missing[0]}" >/dev/null 2>&1; then
    log "apt-get update"
    # A partial failure (e.g. one index mid-sync on the mirror) need not stop
    # the downloads: apt-get download below says if a package is unknown.
    $SUDO apt-get update -qq || log "apt-get update reported errors; trying the downloads anyway"
  fi
  log "downloading ${missing[*]}"
  # As root, apt's _apt sandbox user may not be able to write into the cache: don't drop to it.
  SANDBOX_OPT=""
  [[ "$(id -u)" -eq 0 ]] && SANDBOX_OPT="-oAPT::Sandbox::User=root"
  ok=0
  for attempt in 1 2 3; do
    if (cd "$DEBS" && apt-get download -qq ${SANDBOX_OPT} "${missing[@]}"); then ok=1; break; fi
    log "apt-get download failed (attempt $attempt)"
    sleep $((attempt * 5))
  done
  (( ok )) || die "apt-get download failed"
fi

# riscv64 is an official architecture only from trixie on; apt here knows bookworm,
# so the .deb comes from the archive directly, every step checked by SHA256.
TRIXIE_URL="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
RISCV_PKGS=(busybox-static)
fetch_trixie_riscv64() {
  local tmp pkg rel idx entry file sum want
  command -v curl >/dev/null 2>&1 || die "curl needed for the riscv64 packages"
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' RETURN
  curl -fsS --retry 3 -o "$tmp/InRelease" "$TRIXIE_URL/dists/trixie/InRelease" || die "cannot fetch trixie InRelease"
  if command -v gpgv >/dev/null 2>&1 && [[ -r /usr/share/keyrings/debian-archive-keyring.gpg ]]; then
    gpgv --keyring /usr/share/keyrings/debian-archive-keyring.gpg "$tmp/InRelease" 2>/dev/null \
      || die "trixie InRelease: bad signature"
  else
    log "no gpgv/debian-archive-keyring: trixie InRelease signature not checked"
  fi
  idx=main/binary-riscv64/Packages.xz
  # The SHA256 section lists "<sum> <size> <path>" lines after the MD5Sum section's.
  want="$(awk -v f="$idx" '/^SHA256:/{s=1;next} /^[^ ]/{s=0} s&&$3==f{print $1}' "$tmp/InRelease")"
  [[ -n "$want" ]] || die "trixie InRelease lists no $idx"
  curl -fsS --retry 3 -o "$tmp/Packages.xz" "$TRIXIE_URL/dists/trixie/$idx" || die "cannot fetch $idx"
  [[ "$(sha256sum "$tmp/Packages.xz" | cut -d' ' -f1)" == "$want" ]] || die "$idx: SHA256 mismatch"
  xz -dc "$tmp/Packages.xz" > "$tmp/Packages" # (not piped: awk's early exit would SIGPIPE xz under pipefail)
  for pkg in "$@"; do
    entry="$(awk -v p="$pkg" '$0=="Package: " p{s=1} s&&/^(Filename|SHA256):/{print $2} s&&/^$/{exit}' "$tmp/Packages")"
    file="$(sed -n 1p <<<"$entry")" sum="$(sed -n 2p <<<"$entry")"
    [[ -n "$file" && -n "$sum" ]] || die "$pkg not in trixie's riscv64 Packages"
    log "downloading $file"
    curl -fsS --retry 3 -o "$tmp/pkg.deb" "$TRIXIE_URL/$file" || die "cannot fetch $file"
    [[ "$(sha256sum "$tmp/pkg.deb" | cut -d' ' -f1)" == "$sum" ]] || die "$file: SHA256 mismatch"
    mv "$tmp/pkg.deb" "$DEBS/$(basename "$file")"
  done
}
rv_missing=()
for pkg in "${RISCV_PKGS[@]}"; do
  if [[ "$FORCE" == 1 ]] || ! have_deb "$pkg" riscv64; then rv_missing+=("$pkg"); fi
done
(( ${#rv_missing[@]} == 0 )) || fetch_trixie_riscv64 "${rv_missing[@]}"

# Unpack every .deb into its architecture's root (re-done only for newer .debs).
for deb in "$DEBS"/*.deb; do
  arch="$(dpkg-deb -f "$deb" Architecture)"
  dest="$REAL/$arch"
  stamp="$dest/.unpacked/$(basename "$deb")"
  if [[ "$FORCE" != 1 && -e "$stamp" ]]; then continue; fi
  mkdir -p "$dest/.unpacked"
  dpkg-deb -x "$deb" "$dest"
  touch "$stamp"
  log "unpacked $(basename "$deb") -> ${dest#"$ROOT"/}"
done

# Sanity: the programs the tests use are there, and every library they need is in the root.
check_needed() { # root triplet program
  local root="$1" triplet="$2" prog="$3" lib found dir
  [[ -x "$root$prog" ]] || die "missing $root$prog"
  command -v readelf >/dev/null 2>&1 || return 0
  for lib in $(readelf -d "$root$prog" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
    found=0
    for dir in "/lib/$triplet" "/usr/lib/$triplet" /lib /usr/lib; do
      [[ -e "$root$dir/$lib" ]] && found=1
    done
    (( found )) || die "$prog needs $lib, not found under ${root#"$ROOT"/}"
  done
}
A64="$REAL/arm64"
check_needed "$A64" aarch64-linux-gnu /bin/busybox
for p in /bin/ls /usr/bin/sort /usr/bin/sha256sum; do check_needed "$A64" aarch64-linux-gnu "$p"; done
[[ -e "$A64/lib/ld-linux-aarch64.so.1" ]] || die "missing the arm64 dynamic linker"
A32="$REAL/armhf"
check_needed "$A32" arm-linux-gnueabihf /bin/busybox
for p in /bin/ls /usr/bin/sort /usr/bin/sha256sum; do check_needed "$A32" arm-linux-gnueabihf "$p"; done
[[ -e "$A32/lib/ld-linux-armhf.so.3" ]] || die "missing the armhf dynamic linker"
RV="$REAL/riscv64"
# trixie is merged-/usr (busybox is /usr/bin/busybox): give the root the /bin link such a system has.
[[ -e "$RV/bin" ]] || ln -s usr/bin "$RV/bin"
check_needed "$RV" riscv64-linux-gnu /bin/busybox
log "ready: ${A64#"$ROOT"/}, ${A32#"$ROOT"/} (busybox, coreutils, libc), ${RV#"$ROOT"/} (busybox), ${REAL#"$ROOT"/}/$HOST_ARCH"
