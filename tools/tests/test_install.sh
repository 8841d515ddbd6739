#!/bin/sh
# cmake --install, into a scratch prefix: every file where the README says,
# and the installed hypabi checks the installed reference stubs (the ELF,
# and the flat image as a raw blob), with its man page and completion.
#
# usage: test_install.sh CMAKE BUILD_DIR VERSION
set -u
[ $# -eq 3 ] || { echo "usage: test_install.sh CMAKE BUILD_DIR VERSION" >&2; exit 2; }
cmake=$1 build=$2 version=$3
here=$(dirname "$0")
prefix=$(mktemp -d) || exit 2
trap 'rm -rf "$prefix"' EXIT
failed=0
fail() { echo "test_install: FAIL: $*"; failed=1; }

if ! "$cmake" --install "$build" --prefix "$prefix" >"$prefix.log" 2>&1; then
	cat "$prefix.log"; rm -f "$prefix.log"
	echo "test_install: FAIL: cmake --install $build --prefix $prefix"
	exit 1
fi
rm -f "$prefix.log"
for f in bin/hypabi share/man/man1/hypabi.1 share/bash-completion/completions/hypabi \
	share/hypabi/report.schema.json share/hypabi/junit.xsd \
	share/hypabi/stubs/arm64/hyp_stub.elf share/hypabi/stubs/arm64/hyp_stub.bin \
	share/hypabi/stubs/arm/hyp_stub.elf share/hypabi/stubs/arm/hyp_stub.bin; do
	[ -s "$prefix/$f" ] || fail "cmake --install did not install $f"
done
[ -x "$prefix/bin/hypabi" ] || fail "bin/hypabi is not executable"

stubs=$prefix/share/hypabi/stubs
sh "$here/expect.sh" 0 "^hypabi $version \(commit [^ ]+\)$" -- "$prefix/bin/hypabi" --version ||
	failed=1
sh "$here/expect.sh" 0 "^verdict: PASS \([0-9]+ pass, 0 fail" -- \
	"$prefix/bin/hypabi" check -q "$stubs/arm64/hyp_stub.elf" || failed=1
sh "$here/expect.sh" 0 "^verdict: PASS \([0-9]+ pass, 0 fail" -- \
	"$prefix/bin/hypabi" check -q --arch arm "$stubs/arm/hyp_stub.bin" || failed=1
# A contradiction: refused, naming the option and the file.
sh "$here/expect.sh" 2 "^hypabi: error: --arch arm64 contradicts '.*/arm/hyp_stub.elf'" -- \
	"$prefix/bin/hypabi" check -q --arch arm64 "$stubs/arm/hyp_stub.elf" || failed=1
grep -q '^\.TH HYPABI 1' "$prefix/share/man/man1/hypabi.1" || fail "hypabi.1 is no man page"
grep -q '^complete .*-F _hypabi hypabi$' "$prefix/share/bash-completion/completions/hypabi" ||
	fail "the completion does not complete hypabi"
[ "$failed" -eq 0 ] && echo "test_install: installed hypabi $version into a scratch prefix and ran it"
exit "$failed"
