#!/bin/sh
# The Debian package, as a user builds and installs it: dpkg-buildpackage
# -b on a copy of the source tree (its working files, without .git or
# build/), lintian with no error or warning, then the .deb unpacked into a
# scratch root with dpkg-deb -x and the installed hypabi run on the
# installed reference stubs. Run by tools/test's package stage (label
# package); needs the tools tools/setup installs, else skipped (77).
#
# usage: test_package.sh SOURCE_DIR VERSION
set -u
[ $# -eq 2 ] || { echo "usage: test_package.sh SOURCE_DIR VERSION" >&2; exit 2; }
src=$1 version=$2
here=$(cd "$(dirname "$0")" && pwd)
scratch=$(mktemp -d) || exit 2
trap 'rm -rf "$scratch"' EXIT
failed=0
fail() { echo "test_package: FAIL: $*"; failed=1; }
now() { date +%s; }

# A copy with no .git: the package must build from a tarball as well, and
# --version must then say the commit is unknown. No build trees, and none
# of a package build someone ran in the source tree itself.
mkdir "$scratch/hypabi" "$scratch/root"
tar -C "$src" --exclude=./.git --exclude=./build --exclude=./debian/build \
	--exclude=./debian/.debhelper --exclude=./debian/hypabi --exclude=./debian/files \
	--exclude='./debian/*.substvars' --exclude='./debian/*.log' -cf - . |
	tar -C "$scratch/hypabi" -xf - || { echo "test_package: cannot copy $src"; exit 1; }
cd "$scratch/hypabi" || exit 2

changelog=$(dpkg-parsechangelog -S Version) || exit 1
[ "$changelog" = "$version" ] ||
	fail "debian/changelog is at version $changelog, CMakeLists.txt's project() at $version"

if ! deps=$(dpkg-checkbuilddeps 2>&1); then
	echo "SKIP: $deps; tools/setup installs them"
	exit 77
fi

t0=$(now)
if ! DEB_BUILD_OPTIONS="parallel=$(nproc)" dpkg-buildpackage -b -us -uc >"$scratch/build.log" 2>&1; then
	tail -n 40 "$scratch/build.log"
	echo "test_package: FAIL: dpkg-buildpackage -b -us -uc (the last 40 lines above)"
	exit 1
fi
t1=$(now)
arch=$(dpkg-architecture -qDEB_HOST_ARCH)
deb=$scratch/hypabi_${version}_$arch.deb
changes=$scratch/hypabi_${version}_$arch.changes
[ -f "$deb" ] || { ls "$scratch"; echo "test_package: FAIL: no $deb"; exit 1; }

# Every tag lintian reports at warning or error fails the test (overrides,
# each with its reason, are in debian/hypabi.lintian-overrides).
if ! lintian --fail-on error,warning --tag-display-limit 0 "$changes" >"$scratch/lintian.log" 2>&1; then
	cat "$scratch/lintian.log"
	fail "lintian $changes reported an error or a warning"
fi
t2=$(now)

dpkg-deb -x "$deb" "$scratch/root" || fail "dpkg-deb -x $deb"
root=$scratch/root
for f in usr/bin/hypabi usr/share/man/man1/hypabi.1.gz usr/share/bash-completion/completions/hypabi \
	usr/share/hypabi/report.schema.json usr/share/hypabi/junit.xsd \
	usr/share/hypabi/stubs/arm64/hyp_stub.elf usr/share/hypabi/stubs/arm/hyp_stub.elf \
	usr/share/doc/hypabi/copyright; do
	[ -s "$root/$f" ] || fail "the package does not install /$f"
done
stubs=$root/usr/share/hypabi/stubs
sh "$here/expect.sh" 0 "^hypabi $version \(commit unknown\)$" -- "$root/usr/bin/hypabi" --version ||
	failed=1
sh "$here/expect.sh" 0 "^verdict: PASS \([0-9]+ pass, 0 fail" -- \
	"$root/usr/bin/hypabi" check -q "$stubs/arm64/hyp_stub.elf" || failed=1
sh "$here/expect.sh" 0 "^verdict: PASS \([0-9]+ pass, 0 fail" -- \
	"$root/usr/bin/hypabi" check -q "$stubs/arm/hyp_stub.elf" || failed=1
# The man page names the files where the package put them.
zcat "$root/usr/share/man/man1/hypabi.1.gz" | grep -q '^/usr/share/hypabi/junit\.xsd$\|^\.I /usr/share/hypabi/junit\.xsd$' ||
	fail "the man page does not name /usr/share/hypabi/junit.xsd"

echo "test_package: dpkg-buildpackage $((t1 - t0)) s, lintian $((t2 - t1)) s"
[ "$failed" -eq 0 ] && echo "test_package: hypabi_${version}_$arch.deb builds, is lintian-clean, installs and runs"
exit "$failed"
