#!/bin/sh
# Every error of tools/fetch-debian-kernels: its exit code and its line; and,
# against packages made here, that it follows each suite's packaging and
# reuses what it has cached.
# The apt sources come from HYPABI_APT_ETC, here a local repository (file:,
# trusted) holding, for each suite, exactly what each case needs.
# usage: test_fetch_errors.sh FETCH_SCRIPT
set -eu

fetch=$1
tmp=$(mktemp -d /tmp/hypabi-fetch-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
failures=0
# Every run reads the repository as it is now (no index is reused, however young).
export HYPABI_APT_MAX_AGE=0
# apt retries a refused connection three times, pausing 1, 2 then 4 s; the
# error it ends with is the same after one try (APT_CONFIG adds to apt's
# configuration).
echo 'Acquire::Retries "0";' > "$tmp/apt.conf"
export APT_CONFIG="$tmp/apt.conf"
suites="bullseye bookworm trixie sid"

fail() {
	echo "FAIL: $*"
	failures=$((failures + 1))
}

# expect CODE NEEDLE [ENV=VALUE...] -- ARGS...: exit CODE, a line on stderr has
# NEEDLE, every stderr line is the script's own, and nothing is printed.
expect() {
	code=$1 needle=$2
	shift 2
	envs=
	while [ "$1" != -- ]; do envs="$envs $1"; shift; done
	shift
	rc=0
	env $envs sh "$fetch" "$@" >"$tmp/out" 2>"$tmp/err" || rc=$?
	if ! grep -q '^fetch-debian-kernels: .*'"$(printf '%s' "$needle" | sed 's/[][\.*^$/]/\\&/g')" "$tmp/err"; then
		fail "wanted '$needle' on stderr, got '$(cat "$tmp/err")'"
	fi
	if grep -v '^fetch-debian-kernels: ' "$tmp/err" >/dev/null; then
		fail "'$needle': a line on stderr that is not the script's: $(grep -v '^fetch-debian-kernels: ' "$tmp/err" | head -n 1)"
	fi
	if [ "$rc" -ne "$code" ]; then
		fail "'$needle': exit $rc, wanted $code"
	fi
	if [ -s "$tmp/out" ]; then
		fail "'$needle': printed a kernel on failure: $(cat "$tmp/out")"
	fi
}

# A repository under a directory named debian (the script keeps only sources
# that name Debian), with a Release and main/binary-{arm64,armhf}/Packages
# per suite. The apt sources name one suite; the script substitutes each.
repo_reset() {
	rm -rf "${tmp:?}/etc" "${tmp:?}/debian"
	mkdir -p "$tmp/etc" "$tmp/debian/pool"
	echo "deb [trusted=yes] file:$tmp/debian bookworm main" > "$tmp/etc/sources.list"
}

# suite_index SUITE PACKAGES: the suite's index (both arches) is PACKAGES.
suite_index() {
	d=$tmp/debian/dists/$1
	for a in arm64 armhf; do
		mkdir -p "$d/main/binary-$a"
		printf '%s' "$2" > "$d/main/binary-$a/Packages"
	done
	{
		echo "Suite: $1"
		echo "Codename: $1"
		echo "Date: $(date -u -R)"
		echo "Architectures: arm64 armhf"
		echo "Components: main"
		echo "SHA256:"
		for a in arm64 armhf; do
			f=$d/main/binary-$a/Packages
			echo " $(sha256sum < "$f" | cut -d' ' -f1) $(wc -c < "$f") main/binary-$a/Packages"
		done
	} > "$d/Release"
}

# repo PACKAGES: the same index in every suite.
repo() {
	repo_reset
	for s in $suites; do
		suite_index "$s" "$1"
	done
}

# stanza NAME DEPENDS WHAT: the index stanza of an arm64 package ./WHAT.deb
# that the repository does not really hold.
stanza() {
	printf 'Package: %s\nVersion: 9.9\nArchitecture: arm64\n%sFilename: ./%s.deb\nSize: 1\nDescription: %s\n' \
		"$1" "${2:+Depends: $2
}" "$3" "$3"
}

# deb NAME ARCH DEPENDS [PATH CONTENT]: build pool/NAME.deb (holding PATH) and
# print its index stanza.
deb() {
	d=$tmp/build/$1
	rm -rf "$d"
	mkdir -p "$d/DEBIAN" "$d/usr/share/doc/$1"
	echo "a file that is not the kernel" > "$d/usr/share/doc/$1/README"
	if [ $# -ge 5 ]; then
		mkdir -p "$d/$(dirname "$4")"
		printf '%s' "$5" > "$d/$4"
	fi
	printf 'Package: %s\nVersion: 9.9-1\nArchitecture: %s\nMaintainer: test <test@example.org>\n%sDescription: test\n' \
		"$1" "$2" "${3:+Depends: $3
}" > "$d/DEBIAN/control"
	dpkg-deb -Zgzip --root-owner-group -b "$d" "$tmp/debian/pool/$1.deb" >/dev/null
	f=$tmp/debian/pool/$1.deb
	printf 'Package: %s\nVersion: 9.9-1\nArchitecture: %s\n%sFilename: pool/%s.deb\nSize: %s\nSHA256: %s\nDescription: test\n\n' \
		"$1" "$2" "${3:+Depends: $3
}" "$1" "$(wc -c < "$f")" "$(sha256sum < "$f" | cut -d' ' -f1)"
}

expect 2 "too many arguments" -- "$tmp/cache" extra
expect 2 "unknown option '--cache'" -- --cache "$tmp/cache"
if [ "$(sh "$fetch" --help)" != "usage: tools/fetch-debian-kernels [--suite SUITE]... [--format suite|arch] [CACHE_DIR]" ]; then
	fail "--help does not print the usage"
fi
expect 2 "unknown suite 'jessie' (the suites are: bullseye bookworm trixie sid)" -- --suite jessie "$tmp/cache"
expect 2 "unknown suite 'stable'" -- --suite=bookworm,stable "$tmp/cache"
expect 2 "--suite needs a suite" -- "$tmp/cache" --suite
expect 2 "--suite needs a suite" -- --suite , "$tmp/cache"
expect 2 "--format arch needs exactly one --suite" -- --format arch "$tmp/cache"
expect 2 "--format arch needs exactly one --suite" -- --format arch --suite sid,trixie "$tmp/cache"
expect 2 "unknown format 'xml'" -- --format xml --suite sid "$tmp/cache"

touch "$tmp/file"
expect 1 "cannot create the cache in '$tmp/file/cache'" HYPABI_APT_ETC="$tmp/etc" -- "$tmp/file/cache"

mkdir -p "$tmp/empty-etc"
expect 1 "no Debian apt sources in '$tmp/empty-etc'" HYPABI_APT_ETC="$tmp/empty-etc" -- "$tmp/cache"

# Sources that name Debian but no release (security, updates, a flat repository).
mkdir -p "$tmp/security-etc"
printf '%s\n' "deb http://deb.debian.org/debian-security bookworm-security main" \
	"deb http://deb.debian.org/debian bookworm-updates main" \
	"deb [trusted=yes] file:/srv/debian ./" > "$tmp/security-etc/sources.list"
expect 1 "no Debian apt sources in '$tmp/security-etc'" HYPABI_APT_ETC="$tmp/security-etc" -- "$tmp/cache"

# A mirror that cannot be reached (as offline): apt only warns; the line says why.
mkdir -p "$tmp/offline-etc"
echo "deb http://127.0.0.1:9/debian bookworm main" > "$tmp/offline-etc/sources.list"
expect 1 "sid: cannot resolve linux-image-armmp:armhf: no sid armhf index (Failed to fetch http://127.0.0.1:9/debian/dists/sid/" \
	HYPABI_APT_ETC="$tmp/offline-etc" -- "$tmp/cache"

repo ""
expect 1 "cannot resolve linux-image-arm64:arm64" HYPABI_APT_ETC="$tmp/etc" -- "$tmp/cache"
expect 1 "sid: cannot resolve linux-image-armmp:armhf: sid's armhf index is empty" \
	HYPABI_APT_ETC="$tmp/etc" -- --suite sid "$tmp/cache"

# A suite the mirror does not have.
repo_reset
suite_index bookworm ""
expect 1 "trixie: cannot resolve linux-image-arm64:arm64: no trixie arm64 index" \
	HYPABI_APT_ETC="$tmp/etc" -- --suite trixie "$tmp/cache"

# The meta package resolves; the kernel it names is not in the repository.
repo "$(stanza linux-image-arm64 linux-image-9.9-test-arm64 meta)

$(stanza linux-image-9.9-test-arm64 "" missing)
"
expect 1 "cannot download linux-image-9.9-test-arm64:arm64" HYPABI_APT_ETC="$tmp/etc" -- "$tmp/cache"
expect 1 "bookworm: cannot download linux-image-9.9-test-arm64:arm64" HYPABI_APT_ETC="$tmp/etc" -- --suite bookworm "$tmp/cache"

# The versioned package names a linux-binary package the index does not have.
repo "$(stanza linux-image-arm64 linux-image-9.9-test-arm64 meta)

$(stanza linux-image-9.9-test-arm64 "linux-binary-9.9-test-arm64 (= 9.9)" image)
"
expect 1 "sid: cannot resolve linux-binary-9.9-test-arm64:arm64 (named by linux-image-9.9-test-arm64)" \
	HYPABI_APT_ETC="$tmp/etc" -- --suite sid "$tmp/cache"

# The cache of a run against other sources does not leak into this one.
expect 1 "no Debian apt sources in '$tmp/empty-etc'" HYPABI_APT_ETC="$tmp/empty-etc" -- "$tmp/cache"

# Each suite's packaging, made here: bookworm's image package holds
# boot/vmlinuz-*; sid's is empty and depends on linux-binary-*, which holds
# usr/lib/modules/*/vmlinuz; trixie's arm64 one holds no kernel at all and
# its armhf one is missing from the index.
repo_reset
mkdir -p "$tmp/build"
suite_index bookworm "$(deb linux-image-arm64 arm64 linux-image-9.9-a-arm64)

$(deb linux-image-9.9-a-arm64 arm64 "kmod" boot/vmlinuz-9.9-a-arm64 "bookworm arm64 kernel")

$(deb linux-image-armmp armhf linux-image-9.9-a-armmp)

$(deb linux-image-9.9-a-armmp armhf "" boot/vmlinuz-9.9-a-armmp "bookworm arm kernel")
"
suite_index sid "$(deb linux-image-arm64 arm64 "linux-base-arm64 (= 9.9-1), linux-image-9.9+b-arm64 (= 9.9-1)")

$(deb linux-image-9.9+b-arm64 arm64 "dracut | initramfs-tools, linux-base-9.9+b-arm64 (= 9.9-1), linux-binary-9.9+b-arm64 (= 9.9-1), linux-modules-9.9+b-arm64 (= 9.9-1)")

$(deb linux-binary-9.9+b-arm64 arm64 "linux-base-9.9+b-arm64 (= 9.9-1)" usr/lib/modules/9.9+b-arm64/vmlinuz "sid arm64 kernel")

$(deb linux-image-armmp armhf "linux-base-armmp (= 9.9-1), linux-image-9.9+b-armmp (= 9.9-1)")

$(deb linux-image-9.9+b-armmp armhf "linux-binary-9.9+b-armmp (= 9.9-1)")

$(deb linux-binary-9.9+b-armmp armhf "" usr/lib/modules/9.9+b-armmp/vmlinuz "sid arm kernel")
"
suite_index trixie "$(deb linux-image-arm64 arm64 linux-image-9.9-c-arm64)

$(deb linux-image-9.9-c-arm64 arm64 "")

$(deb linux-image-armmp armhf linux-image-9.9-c-armmp)
"
c=$tmp/cache2
want="bookworm arm64 $c/linux-image-9.9-a-arm64_9.9-1/boot/vmlinuz-9.9-a-arm64
bookworm arm $c/linux-image-9.9-a-armmp_9.9-1/boot/vmlinuz-9.9-a-armmp
sid arm64 $c/linux-binary-9.9+b-arm64_9.9-1/usr/lib/modules/9.9+b-arm64/vmlinuz
sid arm $c/linux-binary-9.9+b-armmp_9.9-1/usr/lib/modules/9.9+b-armmp/vmlinuz"
# ok WHAT WANT ARGS...: exit 0, nothing on stderr, stdout WANT.
ok() {
	what=$1 wanted=$2
	shift 2
	rc=0
	HYPABI_APT_ETC="$tmp/etc" sh "$fetch" "$@" >"$tmp/out" 2>"$tmp/err" || rc=$?
	[ "$rc" -eq 0 ] || fail "$what: exit $rc ($(cat "$tmp/err"))"
	[ ! -s "$tmp/err" ] || fail "$what: stderr: $(cat "$tmp/err")"
	[ "$(cat "$tmp/out")" = "$wanted" ] || fail "$what: printed '$(cat "$tmp/out")', wanted '$wanted'"
}
ok "bookworm and sid" "$want" --suite sid --suite bookworm "$c"
[ "$(cat "$c/linux-binary-9.9+b-arm64_9.9-1/usr/lib/modules/9.9+b-arm64/vmlinuz" 2>/dev/null)" = "sid arm64 kernel" ] ||
	fail "sid's arm64 kernel is not the one packaged"
[ "$(cat "$c/linux-image-9.9-a-armmp_9.9-1/boot/vmlinuz-9.9-a-armmp" 2>/dev/null)" = "bookworm arm kernel" ] ||
	fail "bookworm's arm kernel is not the one packaged"
[ -z "$(find "$c" -name README)" ] || fail "more than the kernel was extracted: $(find "$c" -name README)"
[ -z "$(find "$c" -name '*.deb')" ] || fail "a package was left in the cache: $(find "$c" -name '*.deb')"

# One suite fails, the others are still printed: exit 1, one line per image not had.
rc=0
HYPABI_APT_ETC="$tmp/etc" sh "$fetch" "$c" >"$tmp/out" 2>"$tmp/err" || rc=$?
[ "$rc" -eq 1 ] || fail "all four suites: exit $rc, wanted 1"
[ "$(cat "$tmp/out")" = "$want" ] || fail "all four suites: printed '$(cat "$tmp/out")', wanted '$want'"
[ "$(grep -c '^fetch-debian-kernels: bullseye: cannot resolve linux-image-arm.*: no bullseye arm.* index' "$tmp/err")" -eq 2 ] ||
	fail "all four suites: wanted bullseye's two missing indexes, got '$(cat "$tmp/err")'"
grep -q '^fetch-debian-kernels: trixie: linux-image-9.9-c-arm64:arm64 holds no kernel' "$tmp/err" ||
	fail "all four suites: wanted trixie's arm64 package to hold no kernel, got '$(cat "$tmp/err")'"
grep -q '^fetch-debian-kernels: trixie: cannot resolve linux-image-9.9-c-armmp:armhf (named by linux-image-armmp)' "$tmp/err" ||
	fail "all four suites: wanted trixie's armhf package missing, got '$(cat "$tmp/err")'"
[ "$(wc -l < "$tmp/err")" -eq 4 ] || fail "all four suites: wanted 4 lines on stderr, got '$(cat "$tmp/err")'"

# A warm cache: nothing is downloaded again (the packages are gone from the mirror).
rm -f "$tmp/debian/pool/"*.deb
ok "warm cache" "$want" --suite bookworm,sid "$c"
# A relative cache directory: the same kernels, their paths absolute.
cd "$tmp"
ok "relative cache" "$want" --suite bookworm,sid cache2
cd - >/dev/null
ok "--format arch" "arm64 $c/linux-binary-9.9+b-arm64_9.9-1/usr/lib/modules/9.9+b-arm64/vmlinuz
arm $c/linux-binary-9.9+b-armmp_9.9-1/usr/lib/modules/9.9+b-armmp/vmlinuz" --format arch --suite sid "$c"

# Young indexes are not fetched again: bookworm's index, now empty, is read
# only once the one kept is older than HYPABI_APT_MAX_AGE minutes.
suite_index bookworm ""
HYPABI_APT_MAX_AGE=60 ok "young indexes" "$(echo "$want" | grep '^bookworm ')" --suite bookworm "$c"
expect 1 "bookworm: cannot resolve linux-image-arm64:arm64: bookworm's arm64 index is empty" \
	HYPABI_APT_ETC="$tmp/etc" -- --suite bookworm "$c"

[ "$failures" -eq 0 ] && echo "all fetch-debian-kernels errors reported" && exit 0
exit 1
