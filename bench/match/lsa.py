"""Solves a dumped cohort with scipy.optimize.linear_sum_assignment, for comparison.

usage: lsa.py SCORES_FILE

The file comes from `bench-match --dump-scores`: int32 mentees, int32 mentors, int32
places per mentor, then one byte per (mentee, mentor) pair, the plain score, 0 when a
filter removes the pair. Each mentor is expanded into one column per place and the
assignment maximises the total score; a pair scoring 0 counts as unmatched.

Prints one line: seconds (expansion and solve), peak RSS in MiB, total score, matched.
"""
import resource
import sys
import time

import numpy as np
from scipy.optimize import linear_sum_assignment


def main(path):
    raw = open(path, "rb").read()
    n, m = (int(x) for x in np.frombuffer(raw[:8], dtype=np.int32))
    places = np.frombuffer(raw[8:8 + 4 * m], dtype=np.int32)
    scores = np.frombuffer(raw[8 + 4 * m:], dtype=np.uint8).reshape(n, m)
    start = time.perf_counter()
    cost = -np.repeat(scores, places, axis=1).astype(np.float64)
    rows, cols = linear_sum_assignment(cost)
    seconds = time.perf_counter() - start
    picked = -cost[rows, cols]
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{seconds:.3f} {peak:.0f} {int(picked.sum())} {int((picked > 0).sum())}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: lsa.py SCORES_FILE")
    main(sys.argv[1])
