#!/usr/bin/env bash
# Install the Debian packages kxx needs to build a test kernel and run it in
# QEMU, and any given as arguments.  Does nothing when everything is already
# installed.
#
#   scripts/deps.sh [PACKAGE...]
set -euo pipefail

pkgs=(build-essential qemu-system-x86 linux-source-6.12 busybox-static flex bison bc
      libelf-dev libssl-dev cpio kmod python3 gzip xz-utils clang-19 lld-19 llvm-19
      linux-source-6.1 e2fsprogs dkms fio clangd-19 "$@")

missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=
if [ "$(id -u)" -ne 0 ]; then
	command -v sudo >/dev/null || { echo "kxx: need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
	sudo=sudo
fi
echo "kxx: installing ${missing[*]}"
$sudo apt-get update -q
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q "${missing[@]}"
