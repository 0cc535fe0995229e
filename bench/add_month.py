#!/usr/bin/env python3
"""Adds one province's next month to a `minhbach demo` content folder, for the incremental figure.

    python3 bench/add_month.py CONTENT [PROVINCE]     prints the files it wrote, one a line

For every commune of PROVINCE (default: the first province in name order) it copies the latest
`data/YYYY-MM.yaml` to the next month with the period's dates moved; the figures stay the same.
bench/run.sh removes the files again after timing the rebuild. Standard library only.
"""

import calendar
import re
import sys
from pathlib import Path

MONTH = re.compile(r"^(\d{4})-(\d{2})\.yaml$")
PERIOD = re.compile(r"^period:.*$", re.M)


def main() -> int:
    content = Path(sys.argv[1])
    provinces = sorted(p for p in (content / "communes").iterdir() if p.is_dir())
    province = content / "communes" / sys.argv[2] if len(sys.argv) > 2 else provinces[0]
    for commune in sorted(c for c in province.iterdir() if c.is_dir()):
        months = sorted(f for f in (commune / "data").iterdir() if MONTH.match(f.name))
        if not months:
            continue
        year, month = map(int, MONTH.match(months[-1].name).groups())
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        last = calendar.monthrange(year, month)[1]
        new = commune / "data" / f"{year:04d}-{month:02d}.yaml"
        text = PERIOD.sub(
            f"period: {{start: {year:04d}-{month:02d}-01, end: {year:04d}-{month:02d}-{last:02d}}}",
            months[-1].read_text(encoding="utf-8"),
            count=1,
        )
        new.write_text(text, encoding="utf-8")
        print(new)
    return 0


if __name__ == "__main__":
    sys.exit(main())
