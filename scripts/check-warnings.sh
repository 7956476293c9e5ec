#!/usr/bin/env bash
# Fail if a module build log has any compiler, objtool or modpost warning.
#   scripts/check-warnings.sh LOG
log=$1
if grep -nE 'warning:|WARNING:|objtool:|error:' "$log" >&2; then
	echo "kxx: the module build printed warnings (above); kxx builds with none" >&2
	exit 1
fi
echo "kxx: module build clean: no compiler, objtool or modpost warnings"
