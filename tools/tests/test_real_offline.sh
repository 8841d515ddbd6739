#!/bin/sh
# The `real` tier with no Debian archive reachable: it must say why and
# exit 77 (reported skipped by CTest), neither pass nor fail.
#
# usage: test_real_offline.sh TEST_REAL EXPECT_SH
set -u
[ $# -eq 2 ] || { echo "usage: test_real_offline.sh TEST_REAL EXPECT_SH" >&2; exit 2; }
real=$1
expect=$2
dir=$(mktemp -d) || exit 2
trap 'rm -rf "$dir"' EXIT
mkdir -p "$dir/etc/sources.list.d" "$dir/cache" || exit 2
# An archive nothing listens at: the loopback's port 9 refuses the connection at once.
echo "deb http://127.0.0.1:9/debian bookworm main" >"$dir/etc/sources.list" || exit 2
# apt retries a refused connection three times, pausing 1, 2 then 4 s; the
# error it ends with is the same after one try (APT_CONFIG adds to apt's
# configuration).
echo 'Acquire::Retries "0";' >"$dir/apt.conf" || exit 2
APT_CONFIG=$dir/apt.conf HYPABI_APT_ETC=$dir/etc HYPABI_CACHE=$dir/cache \
	sh "$expect" 77 "^SKIP: Debian's kernel packages could not be downloaded .*missing: bullseye/arm64 bullseye/arm bookworm/arm64 bookworm/arm trixie/arm64 trixie/arm sid/arm64 sid/arm\); the real tier did not run" -- "$real"
