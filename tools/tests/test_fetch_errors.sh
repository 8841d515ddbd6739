#!/bin/sh
# Every error of tools/fetch-debian-kernels: its exit code and its one line.
# The apt sources come from HYPABI_APT_ETC, here a local flat repository
# (file:, trusted) that is missing exactly what each case needs.
# usage: test_fetch_errors.sh FETCH_SCRIPT
set -eu

fetch=$1
tmp=$(mktemp -d /tmp/hypabi-fetch-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
failures=0

# expect CODE NEEDLE [ENV=VALUE...] -- ARGS...: exit CODE, last stderr line has NEEDLE.
expect() {
	code=$1 needle=$2
	shift 2
	envs=
	while [ "$1" != -- ]; do envs="$envs $1"; shift; done
	shift
	rc=0
	env $envs sh "$fetch" "$@" >"$tmp/out" 2>"$tmp/err" || rc=$?
	last=$(tail -n 1 "$tmp/err")
	case "$last" in
	"fetch-debian-kernels: "*"$needle"*) ;;
	*) echo "FAIL: wanted '$needle' on stderr, got '$last'"; failures=$((failures + 1)) ;;
	esac
	if [ "$rc" -ne "$code" ]; then
		echo "FAIL: '$needle': exit $rc, wanted $code"
		failures=$((failures + 1))
	fi
	if [ -s "$tmp/out" ]; then
		echo "FAIL: '$needle': printed a kernel on failure: $(cat "$tmp/out")"
		failures=$((failures + 1))
	fi
}

# A flat repository under a directory named debian (the script keeps only
# sources that name Debian) holding PACKAGES.
repo() {
	rm -rf "$tmp/etc" "$tmp/debian"
	mkdir -p "$tmp/etc" "$tmp/debian"
	printf '%s' "$1" > "$tmp/debian/Packages"
	echo "deb [trusted=yes] file:$tmp/debian ./" > "$tmp/etc/sources.list"
}

expect 2 "too many arguments" -- "$tmp/cache" extra
expect 2 "unknown option '--cache'" -- --cache "$tmp/cache"
if [ "$(sh "$fetch" --help)" != "usage: tools/fetch-debian-kernels [CACHE_DIR]" ]; then
	echo "FAIL: --help does not print the usage"
	failures=$((failures + 1))
fi

touch "$tmp/file"
expect 1 "cannot create the cache in '$tmp/file/cache'" HYPABI_APT_ETC="$tmp/etc" -- "$tmp/file/cache"

mkdir -p "$tmp/empty-etc"
expect 1 "no Debian apt sources in '$tmp/empty-etc'" HYPABI_APT_ETC="$tmp/empty-etc" -- "$tmp/cache"

repo ""
expect 1 "cannot resolve linux-image-arm64:arm64" HYPABI_APT_ETC="$tmp/etc" -- "$tmp/cache"

# The meta package resolves; the kernel it names is not in the repository.
repo "Package: linux-image-arm64
Version: 9.9
Architecture: arm64
Depends: linux-image-9.9-test-arm64
Filename: ./meta.deb
Size: 1
Description: meta

Package: linux-image-9.9-test-arm64
Version: 9.9
Architecture: arm64
Filename: ./missing.deb
Size: 1
Description: missing
"
expect 1 "cannot download linux-image-9.9-test-arm64:arm64" HYPABI_APT_ETC="$tmp/etc" -- "$tmp/cache"

# The cache of a run against other sources does not leak into this one.
expect 1 "no Debian apt sources in '$tmp/empty-etc'" HYPABI_APT_ETC="$tmp/empty-etc" -- "$tmp/cache"

[ "$failures" -eq 0 ] && echo "all fetch-debian-kernels errors reported" && exit 0
exit 1
