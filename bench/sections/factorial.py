# Python's exact factorial with its decimal conversion, the baseline of bench/sections/factorial.ts.
#   python3 factorial.py N RUNS  ->  {"n": N, "times_ms": [...], "sha256": "<of the digits>", "digits": <count>}
import hashlib
import json
import math
import sys
import time

sys.set_int_max_str_digits(0)
n, runs = int(sys.argv[1]), int(sys.argv[2])
times = []
for _ in range(runs + 1):  # the first run is a warm-up
    start = time.perf_counter()
    digits = str(math.factorial(n))
    times.append((time.perf_counter() - start) * 1000)
print(json.dumps({"n": n, "times_ms": times[1:], "sha256": hashlib.sha256(digits.encode()).hexdigest(), "digits": len(digits)}))
