#!/bin/sh
# The README's GitHub Actions and GitLab CI recipes, run as written: their
# steps are read from README.md (readme_ci.py) and run in a fresh clone
# of the source repository (its committed HEAD), standing in for the job's
# checkout (actions/checkout, GitLab's clone), the install step building
# hypabi from that checkout (HYPABI_SRC, as the recipes set it) and
# installing with DESTDIR into a scratch root put first on PATH. A reference stub must pass and gate
# nothing; a stub of zeros must fail and fail the job (exit 1), with the
# reports written either way. Both recipes install with the same lines
# (checked), so the install runs once, in the GitHub recipe.
#
# usage: test_readme_ci.sh SOURCE_DIR REFERENCE_STUB
set -u
[ $# -eq 2 ] || { echo "usage: test_readme_ci.sh SOURCE_DIR REFERENCE_STUB" >&2; exit 2; }
src=$1 ref=$2
here=$(cd "$(dirname "$0")" && pwd)
readme=$src/README.md
scratch=$(mktemp -d) || exit 2
trap 'rm -rf "$scratch"' EXIT
failed=0
fail() { echo "test_readme_ci: FAIL: $*"; failed=1; }
recipe() { python3 "$here/readme_ci.py" "$readme" "$@"; }
expect() { sh "$here/expect.sh" "$@" || failed=1; }
# expect_recipe STATUS REGEX ARGS...: readme_ci.py ARGS exits STATUS, printing REGEX.
expect_recipe() {
	status=$1 regex=$2
	shift 2
	expect "$status" "$regex" -- python3 "$here/readme_ci.py" "$readme" "$@"
}
now() { date +%s; }

# The steps read from README.md must hold together (exit 2 otherwise),
# and without PyYAML this is skipped (77).
recipe same-install
case $? in
0) ;;
77) exit 77 ;;
*) echo "test_readme_ci: FAIL: readme_ci.py same-install (above): README.md's recipes must" \
	"parse and install hypabi with the same lines"; exit 1 ;;
esac
[ -d "$ref" ] || [ -s "$ref" ] || { echo "test_readme_ci: FAIL: no reference stub '$ref'"; exit 1; }
git -C "$src" rev-parse --verify -q HEAD >/dev/null ||
	{ echo "SKIP: $src is not a git repository with a commit to clone"; exit 77; }

export DESTDIR="$scratch/root"
export PATH="$DESTDIR/usr/local/bin:$PATH"
export GITHUB_STEP_SUMMARY="$scratch/summary.md"
zeros=$scratch/zeros.bin
head -c 4096 /dev/zero >"$zeros"

# GitHub Actions, from the install on, in the checkout it would make.
git clone -q "$src" "$scratch/github" || { echo "test_readme_ci: FAIL: git clone $src"; exit 1; }
mkdir -p "$scratch/github/build" && cd "$scratch/github" || exit 2
cp "$ref" build/hyp-stub.elf
t0=$(now)
expect_recipe 0 "^readme_ci: step 'HYP stub conformance' exited 0$" github run
t1=$(now)
[ "$(command -v hypabi)" = "$DESTDIR/usr/local/bin/hypabi" ] ||
	fail "the recipe did not install hypabi in $DESTDIR/usr/local/bin (PATH finds '$(command -v hypabi)')"
head=$(git -C "$src" rev-parse HEAD)
expect 0 "^hypabi [0-9.]+ \(commit ${head%"${head#???????}"}[0-9a-f]*\)$" -- hypabi --version
grep -q '<testsuites name="hypabi" tests="[1-9][0-9]*" failures="0"' hypabi.xml ||
	fail "the GitHub recipe's hypabi.xml does not report a pass"
grep -q '^### hypabi PASS' "$GITHUB_STEP_SUMMARY" || fail "no PASS in \$GITHUB_STEP_SUMMARY"
# A failing stub fails the job, and the JUnit report still says why.
cp "$zeros" build/hyp-stub.elf
expect_recipe 1 "^readme_ci: step 'HYP stub conformance' exited 1$" github run --skip-install
grep -q '<testsuites name="hypabi" tests="[0-9]*" failures="[1-9]' hypabi.xml ||
	fail "the GitHub recipe's hypabi.xml does not report the failure"

# GitLab CI, in a directory of its own, with the hypabi just installed.
mkdir -p "$scratch/gitlab/build" && cd "$scratch/gitlab" || exit 2
cp "$ref" build/hyp-stub.elf
expect_recipe 0 "^readme_ci: script exited 0$" gitlab run --skip-install
grep -q 'failures="0"' hypabi.xml || fail "the GitLab recipe's hypabi.xml does not report a pass"
grep -q '<html' hypabi.html || fail "the GitLab recipe's after_script wrote no hypabi.html"
rm -f hypabi.html
cp "$zeros" build/hyp-stub.elf
expect_recipe 1 "^readme_ci: script exited 1$" gitlab run --skip-install
grep -q '<html' hypabi.html || fail "after a failure, the GitLab after_script wrote no hypabi.html"

echo "test_readme_ci: the GitHub recipe's install and check took $((t1 - t0)) s"
[ "$failed" -eq 0 ] && echo "test_readme_ci: both README recipes work as written"
exit "$failed"
