#!/usr/bin/env python3
"""Reads a built site's observations.csv with pandas and checks every figure against the content
YAML it came from (the file named in its source_file column).

    python qa/data_check.py CONTENT_DIR SITE_DIR

Checks, row by row: the reported value is the number the period file gives (true/false as 1/0,
null as empty); a computed rate is 100 × numerator / denominator of the same file; the value
shown is the reported one or the computed one as value_basis says; the note and the period's
dates are the file's. And the other way round: every value of every period file has its row.
Then reads observations.parquet with pandas and with DuckDB and compares every cell with the CSV.
Exits 1 and lists the differences when there are any.
"""

import math
import sys
from pathlib import Path

import pandas as pd
import yaml


def number(cell):
    """A CSV cell as a float, None when empty."""
    return None if cell == "" else float(cell)


def yaml_figure(raw):
    """(value, note) of a `values:` entry: a scalar, or a block with value and note."""
    if isinstance(raw, dict):
        return raw.get("value"), raw.get("note")
    return raw, None


def as_number(value):
    """A content value as the data files give it: true/false → 1/0, null → None."""
    if value is None:
        return None
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    return float(value)


def close(a, b):
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=0, abs_tol=1e-4)


class Checker:
    def __init__(self, content, data):
        self.content = content
        self.problems = []
        self.files = {}
        indicators = pd.read_csv(data / "indicators.csv", dtype=str, keep_default_na=False)
        self.ratio = {
            r.indicator_id: (r.ratio_numerator, r.ratio_denominator)
            for r in indicators.itertuples()
            if r.ratio_numerator and r.ratio_denominator
        }

    def period_file(self, rel):
        if rel not in self.files:
            with open(self.content / rel, encoding="utf-8") as f:
                self.files[rel] = yaml.safe_load(f)
        return self.files[rel]

    def fail(self, row, what, found, expected):
        self.problems.append(
            f"{row.source_file} {row.indicator_id}: {what} is {found!r}, the content gives {expected!r}"
        )

    def computed(self, values, indicator):
        """100 × numerator / denominator from the same period file, or None."""
        if indicator not in self.ratio:
            return None
        num, den = (as_number(yaml_figure(values.get(k))[0]) for k in self.ratio[indicator])
        if num is None or den is None or den == 0:
            return None
        return 100 * num / den

    def row(self, row):
        doc = self.period_file(row.source_file)
        values = doc.get("values") or {}
        raw, note = yaml_figure(values.get(row.indicator_id))
        reported = as_number(raw)
        if not close(number(row.reported_value), reported):
            self.fail(row, "reported_value", row.reported_value, raw)
        computed = self.computed(values, row.indicator_id)
        if not close(number(row.computed_value), computed):
            self.fail(row, "computed_value", row.computed_value, computed)
        shown = {"reported": reported, "computed": computed, "not_reported": None}.get(row.value_basis)
        if row.value_basis not in ("reported", "computed", "not_reported"):
            self.fail(row, "value_basis", row.value_basis, "reported/computed/not_reported")
        elif not close(number(row.value), shown):
            self.fail(row, "value", row.value, shown)
        if row.note != (note or ""):
            self.fail(row, "note", row.note, note)
        period = doc["period"]
        for column, key in (("period_start", "start"), ("period_end", "end")):
            if getattr(row, column) != str(period[key]):
                self.fail(row, column, getattr(row, column), str(period[key]))

    def completeness(self, rows):
        """Every value written in a period file has a row."""
        seen = set(zip(rows.source_file, rows.indicator_id))
        for rel, doc in self.files.items():
            for key in (doc.get("values") or {}):
                if (rel, key) not in seen:
                    self.problems.append(f"{rel} {key}: no row in observations.csv")
        for path in sorted(self.content.glob("communes/*/*/data/*.yaml")):
            rel = path.relative_to(self.content).as_posix()
            if rel not in self.files:
                self.problems.append(f"{rel}: no row in observations.csv")


def main(argv):
    if len(argv) != 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    content, site = Path(argv[1]), Path(argv[2])
    data = site / "data"
    rows = pd.read_csv(data / "observations.csv", dtype=str, keep_default_na=False)
    checker = Checker(content, data)
    for row in rows.itertuples(index=False):
        checker.row(row)
    checker.completeness(rows)
    for problem in checker.problems[:50]:
        print(f"data_check: {problem}", file=sys.stderr)
    if checker.problems:
        print(f"data_check: {len(checker.problems)} differences", file=sys.stderr)
        return 1
    print(f"data_check: {len(rows)} rows of observations.csv match {len(checker.files)} period files")
    return parquet_check(data, rows)


def parquet_check(data, rows):
    """observations.parquet, read by pandas (pyarrow) and by DuckDB, holds the CSV's rows and
    columns: strings equal, numbers equal as numbers, dates as dates, nulls where cells are
    empty."""
    import duckdb

    frames = {
        "pandas": pd.read_parquet(data / "observations.parquet"),
        "duckdb": duckdb.sql(
            f"SELECT * FROM read_parquet('{data / 'observations.parquet'}')"
        ).df(),
    }
    problems = []
    for tool, frame in frames.items():
        if list(frame.columns) != list(rows.columns) or len(frame) != len(rows):
            problems.append(f"{tool}: {list(frame.columns)} × {len(frame)} rows")
            continue
        for column in rows.columns:
            for i, (want, got) in enumerate(zip(rows[column], frame[column])):
                if want == "":
                    same = got is None or pd.isna(got)
                elif isinstance(got, str):
                    same = got == want
                elif hasattr(got, "isoformat"):
                    same = got.isoformat()[:10] == want
                else:
                    same = float(got) == float(want)
                if not same:
                    problems.append(f"{tool}: row {i}, {column}: CSV {want!r}, Parquet {got!r}")
    for problem in problems[:50]:
        print(f"data_check: {problem}", file=sys.stderr)
    if problems:
        print(f"data_check: observations.parquet differs in {len(problems)} cells", file=sys.stderr)
        return 1
    print(f"data_check: observations.parquet holds the same {len(rows)} rows (pandas, DuckDB)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
