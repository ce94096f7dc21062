#!/usr/bin/env python3
"""funnel_vs_ref.py -- compare `fingerpost chart funnel`'s table (the .csv
beside the chart) with the peers' reference values in tests/ref/funnel
(made by tests/ref/funnel/make_ref.R from FunnelPlotR and
PHEindicatormethods on the Fingertips injuries export).

usage: funnel_vs_ref.py CHART_CSV REF_DIR MODE SCALE TRIM TRIM_BY MULT [DATASET]

MODE is none, additive or multiplicative. Every area's 95% and 99.8%
limits must agree with the reference to 1e-6 relative (additive and
multiplicative modes), and every flag must agree: with FunnelPlotR's
outlier flags where funnel_plot() offers the combination (limit 95: any
flag but "Not significant"; limit 99: the 0.001 flags), else with the
reference limits. Prints one line per disagreement and exits 1 if any.

CHART_CSV may instead be `compare`'s table with the columns area_code and
funnel (compare --columns area_code,funnel,...): then only the flags are
checked (compare writes no funnel limits), each area's value taken as the
reference's num / den x MULT, and areas are matched by their codes."""
import csv
import sys

chart, ref, mode, scale, trim, trim_by, mult = sys.argv[1:8]
dataset = sys.argv[8] if len(sys.argv) > 8 else 'injuries'
mult = float(mult)
# The chart's table names areas as fingerpost does (its canonical names);
# the reference names them by code: match them by their denominators, which
# are distinct in the injuries export (checked).
den = {}
ratevalue = {}
for r in csv.DictReader(open(ref + '/inputs.csv', newline='')):
    if r['dataset'] == dataset:
        den[r['unit']] = float(r['den'])
        ratevalue[r['unit']] = float(r['num']) / float(r['den']) * mult
table = list(csv.DictReader(open(chart, encoding='utf-8', newline='')))
compare = bool(table) and 'funnel' in table[0] and 'area_code' in table[0]
if compare:
    rows = {}
    for r in table:
        r['flag'] = r['funnel']
        r['area'] = r['area_code']
        r['value'] = ratevalue.get(r['area_code'], '')
        rows[r['area_code']] = r
    if dataset == 'injuries':
        names = {u: u for u in den}
    else:
        names = {u: 'E08%06d' % (101 + k) for k, u in enumerate(den)}
        ratevalue = {names[u]: v for u, v in ratevalue.items()}
        for r in table:
            r['value'] = ratevalue.get(r['area_code'], '')
else:
    assert len(set(den.values())) == len(den)
    rows = {float(r['denominator']): r for r in table}
    names = {u: d for u, d in den.items()}
bad = 0


def close(got, want, rel=1e-6):
    return abs(got - want) <= rel * abs(want)


checked = 0
if mode != 'none':
    pre = 'add' if mode == 'additive' else 'mul'
    for r in csv.DictReader(open(ref + '/units.csv', newline='')):
        if (r['dataset'], r['scale'], r['trim']) != (dataset, scale, trim) or \
           float(r['trim_by']) != float(trim_by):
            continue
        c = rows[names[r['unit']]]
        for col, rc in () if compare else (('lower95', pre + '_ll95'), ('upper95', pre + '_ul95'),
                        ('lower998', pre + '_ll998'), ('upper998', pre + '_ul998')):
            if not close(float(c[col]), float(r[rc]) * mult):
                print('%s %s: %s, want %.15g' % (c['area'], col, c[col], float(r[rc]) * mult))
                bad += 1
        v = float(c['value'])
        lo95, hi95 = float(r[pre + '_ll95']) * mult, float(r[pre + '_ul95']) * mult
        lo998, hi998 = float(r[pre + '_ll998']) * mult, float(r[pre + '_ul998']) * mult
        want = ('Low (0.001)' if v < lo998 else 'Low (0.025)' if v < lo95 else
                'High (0.001)' if v > hi998 else 'High (0.025)' if v > hi95 else
                'Not significant')
        if c['flag'] != want:
            print('%s flag %s, want %s' % (c['area'], c['flag'], want))
            bad += 1
        checked += 1
    key = '%s %s %s %s' % (dataset, scale, trim, trim_by)
    for r in csv.DictReader(open(ref + '/funnelplotr_flags.csv', newline='')):
        if r['fit'] != key or mode != 'additive':
            continue
        f = rows[names[r['unit']]]['flag']
        got = (f != 'Not significant') if r['limit'] == '95' else f.endswith('(0.001)')
        if int(got) != int(r['outlier']):
            print('%s: FunnelPlotR outlier %s at limit %s, fingerpost flag %s' %
                  (r['unit'], r['outlier'], r['limit'], f))
            bad += 1
        checked += 1
else:
    # PHEindicatormethods' assign_funnel_significance uses its own pooled
    # average: compare flags only where the chart used it too (see the test).
    for r in csv.DictReader(open(ref + '/phe_sig.csv', newline='')):
        if r['dataset'] != dataset:
            continue
        f = rows[names[r['unit']]]['flag']
        if f != r['significance']:
            print('%s: flag %s, PHEindicatormethods %s' % (r['unit'], f, r['significance']))
            bad += 1
        checked += 1
print('%d checks, %d disagreements' % (checked, bad))
sys.exit(1 if bad or not checked else 0)
