#!/bin/sh
# test_kernel_hyp_stub with no Debian archive reachable: it must say why
# and exit 77 (reported skipped by CTest), neither pass nor fail; and
# tools/build-kernel-hyp-stub alone must exit 1 saying it cannot resolve
# linux-source.
#
# usage: test_kernel_hyp_stub_offline.sh EXPECT_SH TEST [ARG...]
#        (TEST ARG...: test_kernel_hyp_stub.sh's command line; its last
#        argument is tools/build-kernel-hyp-stub)
set -u
[ $# -ge 2 ] || { echo "usage: test_kernel_hyp_stub_offline.sh EXPECT_SH TEST [ARG...]" >&2; exit 2; }
expect=$1
shift
for build; do :; done
dir=$(mktemp -d) || exit 2
trap 'rm -rf "$dir"' EXIT
mkdir -p "$dir/etc/sources.list.d" "$dir/cache" || exit 2
# An archive nothing listens at: the loopback's port 9 refuses the connection at once.
echo "deb http://127.0.0.1:9/debian bookworm main" >"$dir/etc/sources.list" || exit 2
# apt retries a refused connection three times, pausing 1, 2 then 4 s; the
# error it ends with is the same after one try (APT_CONFIG adds to apt's
# configuration).
echo 'Acquire::Retries "0";' >"$dir/apt.conf" || exit 2
export APT_CONFIG="$dir/apt.conf" HYPABI_APT_ETC="$dir/etc" HYPABI_CACHE="$dir/cache"
failed=0
sh "$expect" 77 "^SKIP: Debian bookworm's kernels could not be downloaded \(.*Could not connect.*\); the test did not run" -- "$@" || failed=1
sh "$expect" 1 "^build-kernel-hyp-stub: bookworm: cannot resolve linux-source: .*Could not connect" -- "$build" || failed=1
# Nothing was built or left behind but the apt state.
left=$(find "$dir/cache" -mindepth 1 -maxdepth 1 ! -name apt)
[ -z "$left" ] || { echo "FAIL: left in the cache: $left"; failed=1; }
exit $failed
