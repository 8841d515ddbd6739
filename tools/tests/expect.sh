#!/bin/sh
# A command's exit status and its output, both checked: CTest's
# PASS_REGULAR_EXPRESSION alone ignores the exit status, so a command that
# printed the right words and then failed (or crashed) would pass.
#
# usage: expect.sh STATUS REGEX -- CMD [ARG...]
#
# Runs CMD and passes (exit 0) only if it exits with exactly STATUS and a
# line of its output (stdout and stderr together) matches REGEX (grep -E).
# Prints CMD's output, then, on a failure, each thing that differed.
set -u
if [ $# -lt 4 ] || [ "$3" != "--" ]; then
	echo "usage: expect.sh STATUS REGEX -- CMD [ARG...]" >&2
	exit 2
fi
want=$1
regex=$2
shift 3
case $want in
'' | *[!0-9]*) echo "expect.sh: STATUS '$want' is not a number" >&2; exit 2 ;;
esac

out=$(mktemp) || exit 2
trap 'rm -f "$out"' EXIT
"$@" >"$out" 2>&1
got=$?
cat "$out"

failed=0
if [ "$got" -ne "$want" ]; then
	echo "expect.sh: FAIL: exit status $got, expected $want (from: $*)"
	failed=1
fi
if ! grep -Eq -e "$regex" "$out"; then
	echo "expect.sh: FAIL: no line of the output matches '$regex'"
	failed=1
fi
exit "$failed"
