#!/bin/sh
# The `real` tier's kernel developer's loop: bookworm's own hyp-stub.o,
# built from Debian's linux-source by tools/build-kernel-hyp-stub (clang,
# defconfig), checked directly by `hypabi check hyp-stub.o` under the
# kernel's era, must pass exactly as the same stub inside Debian's bookworm
# kernel does under `check --scan`: the same profile and kind, and every
# rule of every function with the same status and the same call counts.
# arm64: the Image's boot stub (__hyp_stub_vectors, kind initial); arm: the
# kernel proper's stub in the zImage's payload (kind arm-kernel; the
# decompressor's is the same source built with -DZIMAGE). The package
# versions of the source and of the kernel must be the same.
# Offline, or without the package: skipped (exit 77), saying why.
#
# usage: test_kernel_hyp_stub.sh HYPABI FETCH_KERNELS BUILD_HYP_STUB
set -u
[ $# -eq 3 ] || { echo "usage: test_kernel_hyp_stub.sh HYPABI FETCH_KERNELS BUILD_HYP_STUB" >&2; exit 2; }
hypabi=$1 fetch=$2 build=$3
dir=$(mktemp -d) || exit 2
trap 'rm -rf "$dir"' EXIT
failed=0
fail() { echo "test_kernel_hyp_stub: FAIL: $*"; failed=1; }
# Each check the same: the cases made from one seed, as many of them.
random=200

if ! images=$("$fetch" --suite bookworm 2>"$dir/fetch.err"); then
	echo "SKIP: Debian bookworm's kernels could not be downloaded ($(head -n 1 "$dir/fetch.err")); the test did not run"
	exit 77
fi
objects=$("$build" 2>"$dir/build.err")
case $? in
0) ;;
1) echo "SKIP: bookworm's hyp-stub.o could not be built ($(head -n 1 "$dir/build.err")); the test did not run"
   exit 77 ;;
*) cat "$dir/build.err"
   echo "test_kernel_hyp_stub: FAIL: tools/build-kernel-hyp-stub (above)"
   exit 1 ;;
esac

# The package version a cached path names: .../PACKAGE_VERSION/...
version_of() { echo "$1" | sed -n 's|.*/[^/_]*_\([^/]*\)/.*|\1|p'; }

for arch in arm64 arm; do
	case $arch in
	arm64) kind=initial ;;
	arm) kind=arm-kernel ;;
	esac
	image=$(echo "$images" | awk -v a="$arch" '$2 == a { print $3 }')
	object=$(echo "$objects" | awk -v a="$arch" '$1 == a { print $2 }')
	if [ -z "$image" ] || [ -z "$object" ]; then
		fail "$arch: no image ('$image') or no object ('$object')"
		continue
	fi
	if [ "$(version_of "$image")" != "$(version_of "$object")" ]; then
		fail "$arch: the kernel ($image) and its source ($object) are not the same version"
	fi
	# The stub inside Debian's kernel, as --scan finds and judges it.
	if ! "$hypabi" check --scan --random "$random" --format json -o "$dir/image.json" "$image"; then
		fail "$arch: hypabi check --scan $image did not pass"
		continue
	fi
	if ! profile=$(python3 - "$dir/image.json" "$kind" <<-'EOF'
		import json, sys
		stubs = [s for s in json.load(open(sys.argv[1]))["stubs"] if s["role"] == sys.argv[2]]
		if len(stubs) != 1:
		    sys.exit("%d stubs of kind %s in the image" % (len(stubs), sys.argv[2]))
		print(stubs[0]["profile"])
		EOF
	); then
		fail "$arch: the image's scan has no single stub of kind $kind"
		continue
	fi
	echo "$arch: $image: the $kind stub, under $profile"
	# The object, directly: its kind and era given as the image's scan found them.
	if ! "$hypabi" check --profile "$profile" --kind "$kind" --random "$random" "$object"; then
		fail "$arch: hypabi check --profile $profile --kind $kind $object did not pass"
		continue
	fi
	"$hypabi" check --profile "$profile" --kind "$kind" --random "$random" --format json \
		-o "$dir/object.json" "$object" || fail "$arch: $object: the JSON report"
	python3 - "$dir/image.json" "$kind" "$dir/object.json" <<-'EOF' || fail "$arch: $object and the $kind stub of $image disagree (above)"
		import json, sys
		image = [s for s in json.load(open(sys.argv[1]))["stubs"] if s["role"] == sys.argv[2]][0]
		obj = json.load(open(sys.argv[3]))
		def row(r):
		    return "%s %s %s: %s %s" % (r["function"], r["case"], r["rule"], r["status"], r["calls"])
		bad = 0
		for key in ("verdict", "profile", "role", "summary"):
		    if image[key] != obj[key]:
		        print("%s: image %s, object %s" % (key, image[key], obj[key]))
		        bad = 1
		a, b = [row(r) for r in image["results"]], [row(r) for r in obj["results"]]
		for line in sorted(set(a) ^ set(b)):
		    print("%s only: %s" % ("image" if line in a else "object", line))
		    bad = 1
		if obj["verdict"] != "pass":
		    bad = 1
		print("verdicts agree: %s, %d rules" % (obj["verdict"], len(b)) if not bad else "they differ")
		sys.exit(bad)
		EOF
done
[ "$failed" -eq 0 ] || exit 1
echo "test_kernel_hyp_stub: bookworm's arm64 and arm hyp-stub.o pass as the stubs in Debian's kernel"
