// Page weight: the bytes a page makes the browser load, before compression — its HTML and every
// stylesheet, script, image (the chart SVGs) and embedded object it references, each counted once.
import fs from 'node:fs';
import path from 'node:path';
import { isExternal } from './site.mjs';

function assetRefs(page) {
  return page.refs.filter((r) =>
    (r.tag === 'link' && /\bstylesheet\b/.test(r.rel)) ||
    (r.tag === 'script' && r.attr === 'src') ||
    ((r.tag === 'img' || r.tag === 'source') && (r.attr === 'src' || r.attr === 'srcset')) ||
    (r.tag === 'object' && r.attr === 'data') ||
    ((r.tag === 'iframe' || r.tag === 'embed') && r.attr === 'src'));
}

/** { total, parts: {html, css, js, svg, other} } for one page. */
export function pageWeight(site, page) {
  const parts = { html: page.bytes, css: 0, js: 0, svg: 0, other: 0 };
  const seen = new Set();
  for (const r of assetRefs(page)) {
    if (isExternal(r.url)) continue; // reported by the link checks
    const clean = r.url.replace(/[?#].*$/, '');
    let rel;
    try { rel = decodeURIComponent(clean); } catch { continue; }
    const target = clean.startsWith('/')
      ? rel.slice(site.base.length)
      : path.posix.normalize(path.posix.join(path.posix.dirname(page.file), rel));
    if (seen.has(target)) continue;
    seen.add(target);
    let size = 0;
    try { size = fs.statSync(path.join(site.dir, target)).size; } catch { continue; }
    const ext = path.extname(target).slice(1).toLowerCase();
    parts[ext in parts ? ext : 'other'] += size;
  }
  const total = Object.values(parts).reduce((a, b) => a + b, 0);
  return { total, parts };
}

/**
 * Weighs every page of the site against `budgets` (bytes, by page kind; `*` for every page).
 * Returns { rows: per kind {kind, pages, max, maxFile, budget}, over: [...] }.
 */
export function checkWeights(site, budgets) {
  const byKind = new Map();
  const over = [];
  for (const page of site.pages.values()) {
    const w = pageWeight(site, page);
    const kind = page.kind || 'unknown';
    const budget = Math.min(budgets[kind] ?? Infinity, budgets['*'] ?? Infinity);
    const row = byKind.get(kind) || { kind, pages: 0, max: 0, maxFile: '', parts: null, budget };
    row.pages++;
    if (w.total > row.max) { row.max = w.total; row.maxFile = page.file; row.parts = w.parts; }
    byKind.set(kind, row);
    if (w.total > budget) over.push({ file: page.file, kind, bytes: w.total, budget, parts: w.parts });
  }
  return { rows: [...byKind.values()].sort((a, b) => a.kind.localeCompare(b.kind)), over };
}
