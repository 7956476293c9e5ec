#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# DKMS's build command for kxx_ram (dkms.conf): build this directory against
# KDIR with the compiler KDIR was built with.  DKMS appends "CC=clang
# LD=ld.lld" for Clang kernels; those are ignored here, because kxx's
# llvm.sh names the clang version the kernel itself used.
#
#   bash ./dkms-make.sh KDIR [ignored...]
set -e
kdir=$1
exec make -C "$kdir" M="$(pwd)" $(bash ./kxx/kbuild/llvm.sh vars "$kdir") modules
