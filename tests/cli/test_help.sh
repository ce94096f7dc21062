#!/usr/bin/env bash
# test_help.sh -- every subcommand answers --help (exit 0, a Usage line on stdout),
# the man page names every subcommand, and usage errors exit 2.
set -u
fail=0
bad() { echo "FAIL: $*"; fail=1; }
cmds=$("$FINGERPOST" --help | awk '/^Commands:/{f=1;next} /^$/{f=0} f{print $1}')
[ -n "$cmds" ] || bad "no commands listed by fingerpost --help"
for c in $cmds; do
  out=$("$FINGERPOST" "$c" --help); rc=$?
  [ $rc -eq 0 ] || bad "$c --help exited $rc"
  grep -q "^Usage: fingerpost $c" <<<"$out" || bad "$c --help has no Usage line"
  grep -q "Exit status" <<<"$out" || bad "$c --help does not document the exit status"
  grep -q "^\.BI\? *\"\?$c" "$FP_SRC/docs/fingerpost.1" || bad "man page does not describe $c"
  grep -q "^## $c" "$FP_SRC/docs/cli.md" || bad "docs/cli.md has no section for $c"
done
"$FINGERPOST" --version | grep -q "methods fingerpost-methods-" || bad "--version lacks the methods version"
"$FINGERPOST" no-such-command >/dev/null 2>&1; rc=$?
[ $rc -eq 2 ] || bad "unknown command exited $rc, want 2"
"$FINGERPOST" compare --no-such-option >/dev/null 2>&1; rc=$?
[ $rc -eq 2 ] || bad "unknown option exited $rc, want 2"
if command -v man >/dev/null 2>&1; then
  MANWIDTH=80 man -l "$FP_SRC/docs/fingerpost.1" 2>&1 >/dev/null | grep -q . && bad "man page has warnings"
fi
[ $fail -eq 0 ] && echo "1 passed, 0 failed" || echo "0 passed, 1 failed"
exit $fail
