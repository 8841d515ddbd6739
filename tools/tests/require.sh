#!/bin/sh
# Run a test that needs a tool, or report it skipped: exit 77 (the tests'
# SKIP_RETURN_CODE) with one line saying why. A tier whose tool is
# missing is then reported *skipped* by CTest, never left out of the run
# and never passed.
#
# usage: require.sh NAME=PATH... -- CMD [ARG...]
#        require.sh --skip REASON -- CMD [ARG...]
#
# NAME=PATH: PATH as find_program left it (NAME-NOTFOUND when it found
# nothing, or a path given on the command line); CMD runs only if every
# PATH is an executable file. --skip: CMD cannot run in this build, for
# REASON; skipped.
set -u
usage() {
	echo "usage: require.sh NAME=PATH... -- CMD [ARG...] | --skip REASON -- CMD [ARG...]" >&2
	exit 2
}
skip=0
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
	case $1 in
	--skip)
		[ $# -ge 2 ] || usage
		echo "SKIP: $2"
		skip=1
		shift 2
		;;
	?*=*)
		name=${1%%=*}
		path=${1#*=}
		if [ ! -f "$path" ] || [ ! -x "$path" ]; then
			echo "SKIP: $name not found ('$path'); tools/setup installs it"
			skip=1
		fi
		shift
		;;
	*) usage ;;
	esac
done
[ $# -ge 2 ] || usage
shift
[ "$skip" -eq 0 ] || exit 77
exec "$@"
