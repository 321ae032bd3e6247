#!/usr/bin/env python3
"""Independent oracle for the golden reward day (DESIGN.md "Normative reward rules").

Written separately from the Java code, with Python's exact Fraction arithmetic and the rules
read literally (z-score with exact rationals: z > 2 <=> (DPP - mu)^2 > 4 sigma^2 and DPP > mu),
so that the Java golden-day tests compare the engine against numbers it did not produce.

Reads reward-day/dpp.csv (contributor_id,dpp) and prints contributor_id,dpp,class,amount for a
day emitting 100,000 BCT with pools A 50% / BC 40% / D 10%, which is what reward-day/expected.csv
holds (GoldenDayTest checks that this script still prints exactly that file, then checks the
engine against the file).
Run: python3 test-data/golden/rewards_oracle.py            (prints the CSV)
     python3 test-data/golden/rewards_oracle.py --write    (rewrites reward-day/expected.csv)
"""
import csv
import sys
from fractions import Fraction
from pathlib import Path

UNIT = 10**18
HERE = Path(__file__).resolve().parent / "reward-day"


def classify(dpps):
    n = len(dpps)
    mu = Fraction(sum(dpps.values()), n)
    var = Fraction(sum(d * d for d in dpps.values()), n) - mu * mu
    out = {}
    for cid, d in dpps.items():
        dev = d - mu
        far = dev * dev > 4 * var
        if dev > 0:
            out[cid] = "A" if far else "B"
        else:
            out[cid] = "D" if far else "C"
    return mu, var, out


def apportion(budget, members):
    total = sum(w for _, w in members)
    shares = {cid: Fraction(budget * w, total) for cid, w in members}
    floors = {cid: s.numerator // s.denominator for cid, s in shares.items()}
    left = budget - sum(floors.values())
    order = sorted(members, key=lambda m: (-(shares[m[0]] - floors[m[0]]), m[0]))
    for cid, _ in order[:left]:
        floors[cid] += 1
    return floors


def day(dpps, emission, a_pct=50, d_pct=10):
    mu, var, cls = classify(dpps)
    a = emission * a_pct // 100
    d = emission * d_pct // 100
    budgets = {"A": a, "D": d, "BC": emission - a - d}
    pool_of = {"A": "A", "B": "BC", "C": "BC", "D": "D"}
    amounts = {}
    for pool, budget in budgets.items():
        members = sorted((cid, w) for cid, w in dpps.items() if pool_of[cls[cid]] == pool)
        if members:
            amounts.update(apportion(budget, members))
    return mu, var, cls, budgets, amounts


def expected_csv():
    with open(HERE / "dpp.csv", newline="") as f:
        dpps = {row["contributor_id"]: int(row["dpp"]) for row in csv.DictReader(f)}
    _, _, cls, _, amounts = day(dpps, 100_000 * UNIT)
    assert sum(amounts.values()) == 100_000 * UNIT
    lines = ["contributor_id,dpp,class,amount"]
    lines += [f"{cid},{dpps[cid]},{cls[cid]},{amounts[cid]}" for cid in dpps]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    text = expected_csv()
    if sys.argv[1:] == ["--write"]:
        (HERE / "expected.csv").write_text(text)
    else:
        sys.stdout.write(text)
