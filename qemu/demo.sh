#!/bin/sh
# The kxx_demo transcript: drives /dev/kxx_demo from user space the way a
# user would, and checks every answer.  Used by `make run` (shown) and
# `make test` (its last line must report 0 failed).
dev=/dev/kxx_demo
pass=0
fail=0

# step DESCRIPTION EXPECTED COMMAND: EXPECTED is "ok" or the error text the
# write must fail with (strerror of the errno).
step() {
	want=$2
	if echo "$3" > $dev 2>/tmp/kxx-demo.err; then
		got=ok
	else
		got=$(sed -n 's/.*write error: //p' /tmp/kxx-demo.err)
	fi
	if [ "$got" = "$want" ]; then
		pass=$((pass + 1))
		echo "kxx-demo: $1: '$3' -> $got"
	else
		fail=$((fail + 1))
		echo "kxx-demo: FAIL $1: '$3' -> $got (expected $want)"
	fi
}

# expect DESCRIPTION PATTERN: the listing must (or, with !, must not) match
expect() {
	if [ "${2#!}" != "$2" ]; then
		cat $dev | grep -qE "${2#!}" && r=1 || r=0
	else
		cat $dev | grep -qE "$2" && r=0 || r=1
	fi
	if [ $r -eq 0 ]; then
		pass=$((pass + 1))
		echo "kxx-demo: $1: listing matches '$2'"
	else
		fail=$((fail + 1))
		echo "kxx-demo: FAIL $1: listing does not match '$2'"
		cat $dev | sed 's/^/kxx-demo:     /'
	fi
}

[ -e $dev ] || mount -t devtmpfs devtmpfs /dev
insmod /kxx/kxx_demo.ko || { echo "kxx-demo: FAIL insmod kxx_demo.ko"; exit 1; }

step "add" ok "add alpha"
step "add" ok "add beta"
step "add" ok "add gamma"
expect "list shows all three" "^1 alpha$"
expect "list shows all three" "^3 gamma$"
step "delete" ok "del 2"
expect "deleted entry gone" "!^2 beta$"
step "unknown id" "No such file or directory" "del 2"
step "id not a number" "Invalid argument" "del two"
step "bad command" "Invalid argument" "frobnicate 1"
step "empty name" "Invalid argument" "add "
step "name with a control char" "Invalid argument" "$(printf 'add a\tb')"
step "over-long name" "File name too long" "add abcdefghijklmnopqrstuvwxyz0123456789"
expect "no partial entry" "!abcdefghij"
step "lower the limit" ok "max 3"
step "reuses the freed id" ok "add delta"
expect "delta took id 2" "^2 delta$"
step "registry full" "No space left on device" "add epsilon"
step "limit out of range" "Invalid argument" "max 0"
step "raise the limit" ok "max 10"
step "room again" ok "add epsilon"
expect "stats line" "^stats .*total=[0-9]+$"
expect "failed commands counted under the Mutex" "^errors 8 last -22$"
step "the hardware answers" ok "ping"
expect "hardware listed" "^hw serial 4242$"
step "hot-unplug: revoked" ok "unplug"
step "gone after the unplug" "No such device" "ping"
step "unplugged once" "No such device" "unplug"
step "a longer word is not the command" "Invalid argument" "pingpong"
expect "listing says so" "^hw gone$"
step "the rest still works" ok "del 1"
expect "the new failures counted" "^errors 11 last -22$"

echo "kxx-demo: listing:"
cat $dev | sed 's/^/kxx-demo:   /'
rmmod kxx_demo || { fail=$((fail + 1)); echo "kxx-demo: FAIL rmmod kxx_demo"; }
echo "kxx-demo: $pass passed, $fail failed"
