#!/bin/bash
# test_interrupts.sh -- SIGINT and SIGTERM at any moment leave no temporary
# file behind (issue 22, "Interrupts leave temporary files"): not the
# atomic outputs' FILE.tmpXXXXXX, not the charts' sidecars, batch scripts
# and images, not the workbook's $TMPDIR/fingerpost-xlsx-XXXXXX.
#
# Two ways of choosing the moment:
#  - exactly when a temporary file has just been created: an LD_PRELOAD
#    wrapper of mkstemp (signal_shim.c) raises the signal right after the
#    N-th mkstemp returns, for N spread over every mkstemp of a two-area
#    report with charts (the window in which a file exists but is not yet
#    registered for removal; before the fix each such run left it);
#  - at times spread over a run of `report --all-areas`, charts included,
#    by kill from outside (the workbook being written, gnuplot running).
# After each: exit 128 + signal, and no *.tmp*, .fp-batch-* or
# fingerpost-xlsx-* file anywhere under the output or $TMPDIR.
. "$(dirname "$0")/lib.sh"
SHIM=${FP_SIGNAL_SHIM:-}
command -v gnuplot > /dev/null || { echo "skip: gnuplot not installed"; exit 77; }

# leftovers DIR...: the temporary files found (none: empty output).
leftovers() {
    find "$@" \( -name '*.tmp*' -o -name '.fp-batch-*' -o -name 'fingerpost-xlsx-*' \) -print 2> /dev/null
}

mkdir -p "$T/tmp"
export TMPDIR="$T/tmp"
# An ASan build checks that its runtime comes first; the shim must come first.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"

if [ -n "$SHIM" ] && [ -f "$SHIM" ]; then
    LD_PRELOAD="$SHIM" FP_SHIM_COUNT="$T/count" "$FP" report --areas Sefton,Knowsley \
        --out "$T/count_run" 2> /dev/null
    check "report with the mkstemp wrapper: exit 0" $?
    total=$(cat "$T/count" 2> /dev/null || echo 0)
    [ "$total" -gt 20 ]; check "the run creates temporary files ($total)" $?
    # The first ones are the report's own files (HTML, CSV, the workbook
    # and its temporary file, Markdown), then the charts' files.
    points="1 2 3 5 8 $((total / 3)) $((total * 2 / 3)) $total"
    bad=""
    for n in $points; do
        for sig in 15 2; do
            out="$T/r_${n}_$sig"
            LD_PRELOAD="$SHIM" FP_SHIM_RAISE_AT=$n FP_SHIM_SIGNAL=$sig \
                "$FP" report --areas Sefton,Knowsley --out "$out" 2> /dev/null
            rc=$?
            left=$(leftovers "$out" "$TMPDIR")
            if [ $rc != $((128 + sig)) ] || [ -n "$left" ]; then
                bad="$bad [mkstemp $n, signal $sig: exit $rc, left: $(echo $left)]"
            fi
            rm -rf "$out" "$TMPDIR"/*
        done
    done
    [ -z "$bad" ]; check "a signal right after mkstemp 1, 2, 3, 5, 8 and spread to $total: nothing left$bad" $?
    # Right after each kind of temporary file is made: the workbook's in
    # $TMPDIR, each report file's, the charts' sidecars, batch script and image.
    bad=""
    for on in fingerpost-xlsx- scorecard.xlsx.tmp scorecard.html.tmp scorecard.csv.tmp \
              scorecard.md.tmp .gp.tmp .dat.tmp .alt.txt.tmp .fp-batch- .svg.tmp index.html.tmp; do
        out="$T/on"
        LD_PRELOAD="$SHIM" FP_SHIM_RAISE_ON=$on "$FP" report --areas Sefton,Knowsley --out "$out" 2> /dev/null
        rc=$?
        left=$(leftovers "$out" "$TMPDIR")
        if [ $rc != 143 ] || [ -n "$left" ]; then bad="$bad [after $on: exit $rc, left: $(echo $left)]"; fi
        rm -rf "$out" "$TMPDIR"/*
    done
    [ -z "$bad" ]; check "SIGTERM right after each kind of temporary file is created: nothing left$bad" $?
else
    echo "skip: FP_SIGNAL_SHIM (the mkstemp wrapper) not built"
fi

# From outside, at times spread over --all-areas (every report's files,
# then one batch of charts for all of them).
bad=""
for delay in 0.05 0.15 0.3 0.5 0.8 1.2 1.8 2.5; do
    for sig in TERM INT; do
        out="$T/all_${delay}_$sig"
        # Job control on, so the background job does not ignore SIGINT.
        set -m
        "$FP" report --all-areas --out "$out" > /dev/null 2>&1 &
        pid=$!
        set +m
        sleep $delay
        kill -$sig $pid 2> /dev/null
        wait $pid
        rc=$?
        left=$(leftovers "$out" "$TMPDIR")
        # A run that finished before the signal exits 0; else 128 + signal.
        if { [ $rc != 0 ] && [ $rc != $((128 + $(kill -l $sig))) ]; } || [ -n "$left" ]; then
            bad="$bad [SIG$sig after $delay s: exit $rc, left: $(echo $left | cut -c1-200)]"
        fi
        rm -rf "$out" "$TMPDIR"/*
    done
done
[ -z "$bad" ]; check "report --all-areas stopped at 8 moments by SIGTERM and SIGINT: nothing left$bad" $?

exit $fail
