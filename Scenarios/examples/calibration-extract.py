#!/usr/bin/env python3
"""Writes a synthetic county claims extract and roster for `fundsim calibrate`
(README, "Calibrating a county"): a demonstration and the benchmark input.
Not real data, and not fundsim's model: a simple independent generator.

    python3 Scenarios/examples/calibration-extract.py --people 30000 --years 2018 --out /tmp/luquan
    (benchmark: --people 300000 --visit-scale 0.55: about 1 million claims)
    fundsim calibrate --claims /tmp/luquan/claims.csv --roster /tmp/luquan/roster.csv \
        --county kunming.luquan --out /tmp/luquan/luquan-fitted.yaml

Standard library only; seeded (--seed), so the same arguments give the same files.
"""
import argparse
import math
import os
import random

LEVELS = ["township", "county", "prefecture", "provincial"]
LEVEL_WEIGHTS = [0.35, 0.45, 0.15, 0.05]
ADMISSION_MEAN = [1700, 5800, 11000, 15000]
ADMISSION_CV = [0.7, 0.9, 1.0, 1.1]
POLICY_SHARE = [0.93, 0.88, 0.84, 0.78]
CHRONIC = [("hypertension", 0.20, 1100), ("diabetes", 0.06, 2100), ("schizophrenia", 0.004, 2600)]
MAJOR = [("esrd", 0.0006, 58000), ("gastric_cancer", 0.0003, 50000)]


def lognormal(rng, mean, cv):
    s2 = math.log(1 + cv * cv)
    return rng.lognormvariate(math.log(mean) - s2 / 2, math.sqrt(s2))


def group(age):
    return 0 if age < 15 else (1 if age < 60 else 2)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--people", type=int, default=30000)
    parser.add_argument("--years", default="2018", help="first[-last], e.g. 2018 or 2018-2019")
    parser.add_argument("--seed", type=int, default=20181)
    parser.add_argument("--visit-scale", type=float, default=1.0, help="multiplies the outpatient visit rates (fewer claims per person)")
    parser.add_argument("--out", required=True, help="folder to write roster.csv and claims.csv into")
    args = parser.parse_args()
    first, _, last = args.years.partition("-")
    years = range(int(first), int(last or first) + 1)
    rng = random.Random(args.seed)
    os.makedirs(args.out, exist_ok=True)
    people = []
    household, left = 0, 0
    for p in range(args.people):
        if left == 0:
            household += 1
            left = rng.choice([1, 2, 2, 3, 3, 3, 4, 4, 4, 5, 5, 6])
        left -= 1
        people.append((f"P{p:07d}", rng.choice(range(0, 90)), rng.choice(["female", "male"]), f"H{household:06d}"))
    visits_rate = [r * args.visit_scale for r in (4.2, 4.8, 8.0)]
    admit_rate = [0.07, 0.12, 0.34]
    with open(os.path.join(args.out, "roster.csv"), "w") as roster, open(os.path.join(args.out, "claims.csv"), "w") as claims:
        roster.write("person_id,age,sex,poverty_status,year,household_id\n")
        claims.write("person_id,setting,level,in_county,referral_compliant,disease,total_cost,policy_range_cost,consultation_fee,age,sex,year,household_id\n")
        for y, year in enumerate(years):
            for pid, age0, sex, hh in people:
                age = age0 + y
                status = "in_poverty" if rng.random() < 0.7 - 0.3 * y else "exited_poverty"
                roster.write(f"{pid},{age},{sex},{status},{year},{hh}\n")
                g = group(age)
                tail = f",{age},{sex},{year},{hh}\n"
                # General outpatient visits (Poisson by inversion of the sum of exponentials).
                k, t = 0, rng.expovariate(1.0)
                while t < visits_rate[g]:
                    k += 1
                    t += rng.expovariate(1.0)
                for _ in range(k):
                    cost = round(rng.gammavariate(1 / 0.81, 80 * 0.81), 2)
                    policy = round(cost * 0.9, 2)
                    fee = min(10.0, policy)
                    claims.write(f"{pid},general_outpatient,township,true,true,,{cost:.2f},{policy:.2f},{fee:.2f}{tail}")
                k, t = 0, rng.expovariate(1.0)
                while t < admit_rate[g]:
                    k += 1
                    t += rng.expovariate(1.0)
                for _ in range(k):
                    level = rng.choices(range(4), LEVEL_WEIGHTS)[0]
                    cost = round(lognormal(rng, ADMISSION_MEAN[level], ADMISSION_CV[level]), 2)
                    policy = round(cost * POLICY_SHARE[level], 2)
                    in_county = "true" if level < 2 else "false"
                    compliant = "true" if rng.random() < (0.96 if level < 2 else 0.8) else "false"
                    claims.write(f"{pid},inpatient,{LEVELS[level]},{in_county},{compliant},,{cost:.2f},{policy:.2f},{tail}")
                for code, p, mean in CHRONIC:
                    if g > 0 and rng.random() < p * (1.6 if g == 2 else 0.6):
                        cost = round(lognormal(rng, mean, 0.8), 2)
                        claims.write(f"{pid},chronic_outpatient,county,true,true,{code},{cost:.2f},{round(cost * 0.9, 2):.2f},{tail}")
                for code, p, mean in MAJOR:
                    if g > 0 and rng.random() < p * (2 if g == 2 else 1):
                        claims.write(f"{pid},major_disease,county,true,true,{code},{mean:.2f},{mean:.2f},{tail}")


if __name__ == "__main__":
    main()
