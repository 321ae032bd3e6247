"""Writes daily_review.ipynb and fleet_health.ipynb (the notebooks are checked in; rerun this after
editing a cell here). Both are parameterised by date. They ask the engine (`bootcloud catalog`) where
each table lives, as the metastore records it, and read the Delta tables there with delta-rs (the
`deltalake` package); the emission chart is the engine's own schedule (`bootcloud ruleset
--schedule`), in exact base units."""

import nbformat as nbf

COMMON = '''import json
import shlex
import subprocess
from io import StringIO
from pathlib import Path
from urllib.parse import urlparse

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pandas as pd
from deltalake import DeltaTable

OUT = Path(out_dir)
OUT.mkdir(parents=True, exist_ok=True)


def engine(*args):
    """Runs the engine's command line (the `bootcloud` parameter) and returns what it printed."""
    done = subprocess.run([*shlex.split(bootcloud), *args], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"bootcloud {' '.join(args)} failed ({done.returncode}): {done.stderr[-2000:]}")
    return done.stdout


# Where each table lives, as the metastore records it: no warehouse layout is assumed here.
_where = ["--lakehouse", lakehouse] if lakehouse else []
LOCATIONS = {t["name"]: t["location"] for t in
             json.loads(engine("catalog", *_where, "--format", "json"))["tables"] if t["kind"] == "table"}


def table(name, columns=None, day_column=None):
    """A Delta table of the catalog as a DataFrame, optionally only the notebook's day."""
    location = LOCATIONS[name]
    uri = urlparse(location)
    dt = DeltaTable(uri.path if uri.scheme == "file" else location)
    partitions = [(day_column, "=", day)] if day_column else None
    return dt.to_pandas(columns=columns, partitions=partitions)


def save(fig, name):
    path = OUT / f"{name}.png"
    fig.savefig(path, dpi=110, bbox_inches="tight")
    print("saved", path)
'''

PARAMS = '''# Parameters (papermill injects the real values after this cell).
# The engine's command line: ./bootcloud from the repository, or spark-submit ... bootcloud.jar.
bootcloud = "../bootcloud"
# The lakehouse the embedded default uses; empty where spark-submit's configuration names the catalog.
lakehouse = "../var/lakehouse"
# A ruleset file or folder for the emission chart; empty for the versions the engine ships.
config = ""
day = "2026-01-01"
out_dir = "target/figures"
'''


def notebook(title, cells):
    nb = nbf.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells.append(nbf.v4.new_markdown_cell(title))
    p = nbf.v4.new_code_cell(PARAMS)
    p.metadata["tags"] = ["parameters"]
    nb.cells.append(p)
    nb.cells.append(nbf.v4.new_code_cell(COMMON))
    for kind, text in cells:
        nb.cells.append(nbf.v4.new_markdown_cell(text) if kind == "md" else nbf.v4.new_code_cell(text))
    return nb


daily_review = notebook("# Daily review (auditors)\n\nOne settlement day: the DPP distribution with μ and μ±2σ "
                        "and the class colours (whitepaper fig. 4-2), the pool split (fig. 4-3), the emission "
                        "schedule with the cap over the years, and the reconciliation of the day.", [
    ("code", '''rewards = table("gold.daily_rewards", day_column="day")
stats = table("gold.daily_population_stats", day_column="day")
ledger = table("gold.emission_ledger")
assert len(rewards) > 0, f"no rewards for {day}"
mu = float(stats["mean_dpp"].iloc[0]); sigma = float(stats["stddev_dpp"].iloc[0]); n = int(stats["n"].iloc[0])
print(f"{day}: n={n}, mu={mu:,.1f}, sigma={sigma:,.1f}")
rewards.groupby("class").agg(contributors=("contributor_id", "count"), dpp=("dpp", "sum")).reset_index()'''),
    ("md", "## DPP distribution and classes (fig. 4-2)"),
    ("code", '''colours = {"A": "#2b8a3e", "B": "#1c7ed6", "C": "#868e96", "D": "#e8590c"}
fig, ax = plt.subplots(figsize=(9, 4.5))
bins = 30
for cls in ["D", "C", "B", "A"]:
    part = rewards[rewards["class"] == cls]["dpp"]
    if len(part):
        ax.hist(part, bins=bins, range=(0, rewards["dpp"].max()), alpha=0.75, color=colours[cls], label=f"class {cls}")
for x, label, style in [(mu, "μ", "-"), (mu - 2 * sigma, "μ−2σ", "--"), (mu + 2 * sigma, "μ+2σ", "--")]:
    if x > 0:
        ax.axvline(x, color="black", linestyle=style, linewidth=1)
        ax.text(x, ax.get_ylim()[1] * 0.95, label, ha="center", va="top")
ax.set_xlabel("DPP (sol)"); ax.set_ylabel("contributors"); ax.set_title(f"DPP distribution, {day}")
ax.legend()
save(fig, "dpp_distribution")'''),
    ("md", "## Pool split (fig. 4-3)"),
    ("code", '''row = ledger[ledger["day"].astype(str) == day].iloc[0]
unit = 10 ** 18
pools = {"A (50%)": float(row["pool_a_budget"]) / unit, "B+C (40%)": float(row["pool_bc_budget"]) / unit,
         "D (10%)": float(row["pool_d_budget"]) / unit, "not emitted": float(row["not_emitted"]) / unit}
fig, ax = plt.subplots(figsize=(6, 4))
ax.bar(list(pools), list(pools.values()), color=["#2b8a3e", "#1c7ed6", "#e8590c", "#dee2e6"])
ax.set_ylabel("BCT"); ax.set_title(f"Pool budgets, {day} (scheduled {float(row['scheduled']) / unit:,.0f} BCT)")
save(fig, "pool_split")
pd.Series(pools, name="BCT")'''),
    ("md", "## Emission schedule with the cap"),
    ("code", '''# The engine's own schedule (EmissionSchedule, day by day under the cap), exact in base units.
schedule = pd.read_csv(StringIO(engine("ruleset", "--schedule", "--years", "30", *(["--config", config] if config else []))),
                       dtype=str)
version = str(row["ruleset_version"])
mine = schedule[schedule["ruleset_version"] == version]
assert len(mine), f"the engine's rulesets have no version {version}"
years = mine["year"].astype(int).tolist()
cumulative = [int(v) / unit for v in mine["cumulative_units"]]
cap = int(mine["cap_units"].iloc[0]) // unit
fig, ax = plt.subplots(figsize=(8, 4))
ax.plot(years, cumulative, marker=".", label=f"scheduled cumulative emission (ruleset {version})")
ax.axhline(cap, color="red", linestyle="--", label=f"cap {cap:,} BCT")
actual = int(ledger["cumulative_emitted"].max()) / unit
year_now = int(row["mining_year"])
ax.scatter([year_now], [actual], color="black", zorder=3, label=f"emitted so far: {actual:,.0f} BCT")
ax.set_xlabel("mining year"); ax.set_ylabel("BCT"); ax.legend(); ax.set_title("Emission schedule and cap")
save(fig, "emission_schedule")
mine[["year", "first_day", "scheduled_daily_units", "emitted_units", "cumulative_units"]].head(5)'''),
    ("md", "## Reconciliation of the day"),
    ("code", '''rec = table("audit.reconciliation", day_column="day")
latest = rec.sort_values("checked_at").groupby("check_name").tail(1).sort_values("check_name")
print(f"{int((~latest['passed']).sum())} failing check(s) of {len(latest)}")
latest[["check_name", "passed", "expected", "actual"]]'''),
])

fleet_health = notebook("# Fleet health (data engineers)\n\nIngest counts, quarantine by reason, and suspect "
                        "devices: self-reported against verified work.", [
    ("code", '''shares = table("silver.shares", columns=["day", "device_id", "is_late"], day_column="day")
beats = table("silver.heartbeats", columns=["day", "device_id", "state"], day_column="day")
rejected = table("quarantine.rejected", columns=["dt", "reason_code", "line_number"])
counts = pd.Series({"shares": len(shares), "late shares": int(shares["is_late"].sum()), "heartbeats": len(beats),
                    "devices with shares": shares["device_id"].nunique(), "quarantined (all days)": len(rejected)})
counts'''),
    ("md", "## Quarantine by reason"),
    ("code", '''by_reason = rejected.groupby("reason_code").size().sort_values()
fig, ax = plt.subplots(figsize=(7, 4))
if len(by_reason):
    by_reason.plot.barh(ax=ax, color="#e8590c")
else:
    ax.text(0.5, 0.5, "nothing quarantined", ha="center", va="center", transform=ax.transAxes)
ax.set_xlabel("refused lines or files"); ax.set_title("Quarantine by reason code (all landing days)")
save(fig, "quarantine_by_reason")
by_reason'''),
    ("md", "## Suspect contributors: reported vs verified DPP"),
    ("code", '''dpp = table("gold.daily_dpp", day_column="day")
fig, ax = plt.subplots(figsize=(6, 5))
ok = dpp[~dpp["is_suspect"]]; sus = dpp[dpp["is_suspect"]]
ax.scatter(ok["dpp"], ok["dpp_reported"], s=12, label="consistent", color="#1c7ed6")
ax.scatter(sus["dpp"], sus["dpp_reported"], s=24, label="suspect", color="#e03131", marker="x")
top = max(1, float(dpp[["dpp", "dpp_reported"]].max().max()))
ax.plot([0, top], [0, top], color="grey", linewidth=0.8, label="reported = verified")
ax.set_xlabel("verified DPP (shares)"); ax.set_ylabel("reported DPP (heartbeats)"); ax.legend()
ax.set_title(f"Reported vs verified, {day}")
save(fig, "reported_vs_verified")
sus[["contributor_id", "dpp", "dpp_reported", "devices"]].sort_values("dpp_reported", ascending=False).head(20)'''),
])

nbf.write(daily_review, "daily_review.ipynb")
nbf.write(fleet_health, "fleet_health.ipynb")
