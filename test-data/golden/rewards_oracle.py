#!/usr/bin/env python3
"""Independent oracle for the golden reward day (DESIGN.md "Normative reward rules").

Written separately from the Java code, with Python's exact Fraction arithmetic and the rules
read literally (z-score with exact rationals: z > 2 <=> (DPP - mu)^2 > 4 sigma^2 and DPP > mu),
so that RewardsGoldenDayTest compares the Java engine against numbers it did not produce.
Run: python3 test-data/golden/rewards_oracle.py
"""
from fractions import Fraction

UNIT = 10**18


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


GOLDEN = {
    "c01": 1, "c02": 1, "c03": 1,               # far below: class D, equal DPPs tie on the remainder
    "c04": 60, "c05": 80, "c06": 100,           # 100 is exactly the mean
    "c07": 100, "c08": 120, "c09": 140,
    "c10": 150, "c11": 150, "c12": 160,
    "c13": 170, "c14": 180, "c15": 190,
    "c16": 203,
    "c17": 400,                                  # far above: class A
}

if __name__ == "__main__":
    e = 100_000 * UNIT
    mu, var, cls, budgets, amounts = day(GOLDEN, e)
    n = len(GOLDEN)
    s = sum(GOLDEN.values())
    q = sum(v * v for v in GOLDEN.values())
    print(f"n={n} S={s} Q={q} V={n * q - s * s} mu={mu} sigma^2={var}")
    print("budgets", budgets)
    for cid in sorted(GOLDEN):
        print(cid, GOLDEN[cid], cls[cid], amounts[cid])
    print("sum", sum(amounts.values()), "emission", e)
