#!/usr/bin/python3
"""mk_long.py -- reference values for the long-series Mann-Kendall test
(tests/unit/test_trend.c, mk_long): S, its tie-corrected variance, the
continuity-corrected z and two-sided normal p (as R's trend::mk.test),
Kendall's tau-b (scipy.stats.kendalltau) and Sen's slope with its 95% limits
(the median pairwise slope; the limits are the sorted slopes at ranks
round((N - C)/2) and round((N + C)/2 + 1), R's round half to even, as
trend::sens.slope). The series are integers from the same generator as the
test (exact in both), so they have many ties: y_i = (x_i mod 500) + i // 40,
x the xorshift64 sequence, t_i = i + 1. Pairs are formed in chunks with
numpy (the C library never forms them above 1,000 points).
Run: /usr/bin/python3 tests/ref/trend/mk_long.py  (numpy, scipy)"""
import numpy as np
from scipy import stats


def series(n):
    x = 88172645463325252
    m = (1 << 64) - 1
    y = []
    for i in range(n):
        x ^= (x << 13) & m
        x ^= x >> 7
        x ^= (x << 17) & m
        y.append(float(x % 500 + i // 40))
    return np.arange(1, n + 1, dtype=float), np.array(y)


def mk(t, y, with_sen):
    n = len(y)
    S = 0
    slopes = []
    for i in range(n - 1):
        d = y[i + 1:] - y[i]
        S += int(np.sign(d).sum())
        if with_sen:
            slopes.append(d / (t[i + 1:] - t[i]))
    _, counts = np.unique(y, return_counts=True)
    g = counts.astype(float)
    var = (n * (n - 1) * (2 * n + 5) - np.sum(g * (g - 1) * (2 * g + 5))) / 18.0
    z = (S - np.sign(S)) / np.sqrt(var)
    p = 2 * stats.norm.sf(abs(z))
    tau = stats.kendalltau(t, y).statistic
    out = dict(n=n, S=S, var=var, z=z, p=p, tau=tau)
    if with_sen:
        d = np.sort(np.concatenate(slopes))
        N = len(d)
        C = stats.norm.ppf(0.975) * np.sqrt(var)
        lo, up = int(np.round((N - C) / 2)), int(np.round((N + C) / 2 + 1))
        out.update(sen=float(np.median(d)), lo=float(d[lo - 1]), up=float(d[up - 1]))
    return out


if __name__ == "__main__":
    for n, sen in ((20000, False), (5000, True)):
        t, y = series(n)
        r = mk(t, y, sen)
        print(" ".join(f"{k}={v!r}" if isinstance(v, int) else f"{k}={v:.17g}" for k, v in r.items()))
