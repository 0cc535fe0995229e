#!/usr/bin/env python3
"""Turns a minhbach content folder into a Hugo site that builds the equivalent TABLE-ONLY pages.

    python3 bench/hugo/convert.py CONTENT SITE [--languages all|first]

SITE is created (it must not exist). Hugo then parses the same YAML files minhbach parses:
every period file, commune.yaml, _province.yaml and indicators.yaml are hard-linked (copied
when linking fails) into SITE/data/, so Hugo reads them with its own YAML parser at build time.
Only stub pages are generated: one per commune, province, indicator and report (its Markdown
body kept), and the home page, in each language of site.yaml (or only the first). The layouts
in bench/hugo/site/layouts draw, with no chart:

  overview   every commune's latest value of each key (headline) indicator
  province   its communes x key indicators, latest values
  commune    every indicator with data x every period, one table per indicator group
  indicator  every commune ranked by its latest value
  report     the report text rendered from Markdown, with its title, issuer and date

This conversion is preparation, like writing the content: bench/run.sh times it separately and
never counts it in Hugo's build time. Python standard library only (no YAML parser is needed:
the few names the stubs carry are copied as YAML scalars from `name:` lines).
"""

import argparse
import os
import re
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SKELETON = HERE / "site"

NAME = re.compile(r'^name:\s*(.+?)\s*$', re.M)
LANGS = re.compile(r'^languages:\s*\[([^\]]*)\]', re.M)


def link(src: Path, dst: Path) -> None:
    dst.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(src, dst)
    except OSError:
        shutil.copyfile(src, dst)


def name_of(path: Path, fallback: str) -> str:
    """The `name:` scalar of a small YAML file, as YAML text (quoted as in the source)."""
    m = NAME.search(path.read_text(encoding="utf-8"))
    return m.group(1) if m else '"%s"' % fallback


def languages(content: Path) -> list:
    m = LANGS.search((content / "site.yaml").read_text(encoding="utf-8"))
    if not m:
        return ["vi"]
    return [x.strip().strip("'\"") for x in m.group(1).split(",") if x.strip()]


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def split_front_matter(text: str):
    if text.startswith("---\n"):
        end = text.find("\n---", 4)
        if end != -1:
            body_start = text.find("\n", end + 4)
            body = "" if body_start == -1 else text[body_start + 1:]
            return text[4:end + 1], body
    return "", text


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("content", type=Path)
    ap.add_argument("site", type=Path)
    ap.add_argument("--languages", choices=["all", "first"], default="all")
    args = ap.parse_args()
    content, site = args.content, args.site
    if site.exists():
        print(f"convert.py: {site} exists; remove it first", file=sys.stderr)
        return 2

    langs = languages(content)
    if args.languages == "first":
        langs = langs[:1]
    shutil.copytree(SKELETON / "layouts", site / "layouts")
    config = [
        'baseURL: "https://example.org/bench/"',
        "title: minhbach benchmark (Hugo, tables only)",
        "disableKinds: [taxonomy, term, RSS, sitemap, robotsTXT, section, \"404\"]",
        f"defaultContentLanguage: {langs[0]}",
        "defaultContentLanguageInSubdir: false",
        "enableGitInfo: false",
        "timeout: 600s",
        "languages:",
    ]
    for weight, lang in enumerate(langs, 1):
        config += [f"  {lang}:", f"    contentDir: content/{lang}", f"    weight: {weight}"]
    write(site / "config.yaml", "\n".join(config) + "\n")

    data = site / "data"
    link(content / "indicators.yaml", data / "indicators.yaml")

    stubs = []  # (relative path, front matter lines, body)
    stubs.append(("_index.md", ["title: Overview", "type: overview"], ""))
    provinces = sorted(p for p in (content / "communes").iterdir() if p.is_dir())
    pages = reports = communes = 0
    for p in provinces:
        link(p / "_province.yaml", data / "provinces" / f"{p.name}.yaml")
        pname = name_of(p / "_province.yaml", p.name)
        stubs.append((f"provinces/{p.name}/index.md",
                      [f"title: {pname}", "type: province", f"province: {p.name}"], ""))
        for c in sorted(x for x in p.iterdir() if x.is_dir()):
            communes += 1
            link(c / "commune.yaml", data / "communes" / p.name / f"{c.name}.yaml")
            cname = name_of(c / "commune.yaml", c.name)
            stubs.append((f"communes/{p.name}/{c.name}/index.md",
                          [f"title: {cname}", "type: commune", f"province: {p.name}",
                           f"commune: {c.name}", f"province_name: {pname}"], ""))
            periods = c / "data"
            if periods.is_dir():
                for f in sorted(periods.iterdir()):
                    if f.suffix == ".yaml":
                        link(f, data / "periods" / p.name / c.name / f.name)
            rdir = c / "reports"
            if rdir.is_dir():
                for r in sorted(rdir.iterdir()):
                    if r.suffix != ".md":
                        continue
                    reports += 1
                    front, body = split_front_matter(r.read_text(encoding="utf-8"))
                    # `language` and `period` are minhbach keys; keep them as plain params.
                    front = re.sub(r"^language:", "report_language:", front, flags=re.M)
                    front = re.sub(r"^period:", "report_period:", front, flags=re.M)
                    lines = front.rstrip("\n").split("\n") + [
                        "type: report", f"province: {p.name}", f"commune: {c.name}",
                        f"commune_name: {cname}",
                    ]
                    stubs.append((f"reports/{p.name}/{c.name}/{r.stem}.md", lines, body))
    # Indicators: every `- id:` of the indicators list (group ids are in the groups list, which
    # comes first; the catalogue's indicator list starts at `indicators:`).
    text = (content / "indicators.yaml").read_text(encoding="utf-8")
    start = text.find("\nindicators:")
    indicator_ids = re.findall(r"^  - id:\s*(\S+)", text[start:], re.M) if start != -1 else []
    for i in indicator_ids:
        stubs.append((f"indicators/{i}/index.md", [f"title: {i}", "type: indicator", f"indicator: {i}"], ""))

    for lang in langs:
        root = site / "content" / lang
        for rel, front, body in stubs:
            write(root / rel, "---\n" + "\n".join(front) + "\n---\n" + body)
            pages += 1
    print(f"hugo site: {site} ({len(langs)} language(s): {communes} communes, {len(provinces)} provinces, "
          f"{len(indicator_ids)} indicators, {reports} reports; {pages} stub pages)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
