#!/bin/bash
# keep.sh DIR TEST -- with FP_TEST_KEEP set (scripts/identity.sh), copy the
# files a CLI test wrote (its temporary DIR) to $FP_TEST_KEEP/<test name>
# before the test's exit trap removes them, so that two builds' outputs can
# be compared byte for byte. Without FP_TEST_KEEP it does nothing.
[ -n "${FP_TEST_KEEP:-}" ] || exit 0
name=$(basename "$2" .sh)
mkdir -p "$FP_TEST_KEEP" && rm -rf "${FP_TEST_KEEP:?}/$name" && cp -r "$1" "$FP_TEST_KEEP/$name" 2> /dev/null
exit 0
