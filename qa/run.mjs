#!/usr/bin/env node
// minhbach quality gate: runs every check on the built sites and prints one line per check.
//   node qa/run.mjs --out qa-out --site NAME,ROLE,DIR[,SAMPLE] [--site ...]
// ROLE: bundled (every check, strict budgets, the scripted reader), hostile (security checks on
// the injection corpus), scale (a large generated site: the generic checks, browser checks on a
// sample of SAMPLE pages). Called by qa/gate.sh, which builds the sites first.
// QA_ONLY / QA_SKIP: comma-separated check names to run only / to leave out (local use).
import fs from 'node:fs';
import path from 'node:path';
import { loadSite, samplePages, pageTypes } from './lib/site.mjs';
import { serve } from './lib/server.mjs';
import { runVnu } from './lib/vnu.mjs';
import { checkFileLinks, checkHttpLinks } from './lib/links.mjs';
import { checkWeights } from './lib/weight.mjs';
import { launch, watchedPage, runAxe } from './lib/browser.mjs';
import { keyboardProblems } from './lib/keyboard.mjs';
import { checkWorks } from './lib/works.mjs';
import { scanSite } from './lib/hostile.mjs';

const QA_DIR = path.dirname(new URL(import.meta.url).pathname);
const args = process.argv.slice(2);
let outDir = 'qa-out';
const specs = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--out') outDir = args[++i];
  else if (args[i] === '--site') specs.push(args[++i]);
  else { console.error(`unknown argument ${args[i]}`); process.exit(2); }
}
if (!specs.length) { console.error('usage: run.mjs --out DIR --site NAME,ROLE,DIR[,SAMPLE] ...'); process.exit(2); }
const only = (process.env.QA_ONLY || '').split(',').filter(Boolean);
const skip = (process.env.QA_SKIP || '').split(',').filter(Boolean);
const wanted = (name) => (!only.length || only.includes(name)) && !skip.includes(name);

const budgets = JSON.parse(fs.readFileSync(path.join(QA_DIR, 'budgets.json'), 'utf8'));
const HOSTILE_MARKER = '__pwned';

const sites = specs.map((s) => {
  const [name, role, dir, sample] = s.split(',');
  if (!['bundled', 'hostile', 'scale'].includes(role)) throw new Error(`unknown role ${role}`);
  return loadSite(name, role, dir, Number(sample || 0));
});

// the generic checks (links, errors, accessibility, keyboard) apply to real content, not to the
// injection corpus, which has its own check
const generic = sites.filter((s) => s.role !== 'hostile');

fs.mkdirSync(outDir, { recursive: true });
const results = [];
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

/** Records a check: prints up to 12 detail lines (all go to qa-out/<name>.txt) and the summary. */
function report(name, ok, summary, details = []) {
  results.push({ name, ok });
  fs.writeFileSync(path.join(outDir, `${name}.txt`), details.join('\n') + (details.length ? '\n' : ''));
  if (!ok) {
    for (const d of details.slice(0, 12)) console.log(`    ${d}`);
    if (details.length > 12) console.log(`    … ${details.length - 12} more in ${path.join(outDir, `${name}.txt`)}`);
  }
  console.log(`${ok ? 'PASS' : 'FAIL'} ${name}: ${summary}`);
}

async function timed(name, fn) {
  if (!wanted(name)) { console.log(`SKIP ${name}`); return; }
  const t0 = Date.now();
  try {
    await fn();
  } catch (e) {
    report(name, false, `the check itself failed: ${String(e && e.message || e).split('\n')[0]}`, [String(e && e.stack || e)]);
  }
  if (process.env.QA_TIMES) console.log(`     (${name}: ${((Date.now() - t0) / 1000).toFixed(1)} s)`);
}

const servers = new Map();
let browser = null;

const CONCURRENCY = Math.max(1, Number(process.env.QA_JOBS || 2));

/** Runs `fn` over `items`, `n` at a time. */
async function pool(items, n, fn) {
  let next = 0;
  const worker = async () => { while (next < items.length) { const i = next++; await fn(items[i], i); } };
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, worker));
}

/** Opens every page (or the sample) of a site over HTTP or from disk and records what goes wrong. */
async function crawlSite(s, transport, crawl) {
  const srv = servers.get(s.name);
  const hostile = s.role === 'hostile';
  const ctx = await browser.newContext({ viewport: { width: 360, height: 800 } });
  const allowed = transport === 'http' ? (u) => u.startsWith(srv.origin + '/') : (u) => u.startsWith('file://');
  const page = await watchedPage(ctx, allowed);
  const targets = [];
  for (const f of samplePages(s)) {
    if (transport === 'file' && s.pages.get(f).kind === '404') continue;
    targets.push({ rel: f, url: transport === 'http' ? srv.url(f) : 'file://' + path.join(s.dir, f) });
  }
  if (transport === 'http') {
    // an unknown address gets the 404 page of its language, with its stylesheet
    for (const l of [null, ...s.languages]) targets.push({ rel: `${l ? l + '/' : ''}no-such-page/`, url: srv.url(`${l ? l + '/' : ''}no-such-page/`), probe404: true });
    if (hostile) for (const f of s.files.filter((x) => /\.(svg|xml)$/.test(x))) targets.push({ rel: f, url: srv.url(f), raw: true });
  }
  for (const t of targets) {
    page.__reset();
    let status = 0;
    const tag = `${s.name} ${transport} ${t.rel}`;
    try {
      const resp = await page.goto(t.url, { waitUntil: 'load', timeout: 20000 });
      status = resp ? resp.status() : 0;
      // load the lazy images too (charts below the fold), so each is fetched and decoded
      const broken = await page.evaluate(async () => {
        if (!document.images) return [];
        for (const img of document.images) if (img.loading === 'lazy') img.loading = 'eager';
        await Promise.all([...document.images].map((i) => (i.complete ? null : new Promise((r) => { i.onload = i.onerror = r; }))));
        return [...document.images].filter((i) => !i.naturalWidth).map((i) => i.getAttribute('src'));
      }).catch(() => []);
      if (!hostile) for (const b of broken) if (allowed(new URL(b, page.url()).href)) crawl.errors.push(`${tag}: image does not load: ${b}`);
      if (hostile) await page.waitForTimeout(150);
    } catch (e) {
      crawl.errors.push(`${tag}: could not load: ${String(e.message).split('\n')[0]}`);
      continue;
    }
    if (hostile) crawl.hostilePages++; else crawl.pages++;
    const log = page.__log;
    if (hostile) {
      // the corpus's own broken images and links are its fault; what counts is what runs or leaks
      const pw = await page.evaluate(() => window.__pwned).catch(() => undefined);
      if (pw !== undefined) crawl.pwned.push(`${tag}: window.__pwned = ${JSON.stringify(pw)}`);
      for (const d of log.dialogs) crawl.pwned.push(`${tag}: dialog ${d}`);
      for (const e of log.pageErrors) crawl.pwned.push(`${tag}: page error ${e}`);
      for (const u of log.foreign) crawl.pwned.push(`${tag}: request to another host: ${u}`);
      if (t.probe404 && status !== 404) crawl.pwned.push(`${tag}: status ${status}, expected 404`);
      continue;
    }
    for (const u of log.foreign) crawl.foreign.push(`${tag}: ${u}`);
    if (t.probe404) {
      if (status !== 404) crawl.errors.push(`${tag}: status ${status}, expected 404`);
      const styled = await page.evaluate(() => getComputedStyle(document.querySelector('.skip-link') || document.body).position === 'absolute').catch(() => false);
      if (!styled) crawl.errors.push(`${tag}: the 404 page has no stylesheet`);
      log.httpErrors = log.httpErrors.filter((e) => !e.startsWith('404 ' + t.url));
      log.console = log.console.filter((m) => !/404 \(Not Found\)/.test(m));
    }
    for (const e of log.httpErrors) crawl.errors.push(`${tag}: HTTP ${e}`);
    for (const e of log.failed) crawl.errors.push(`${tag}: failed request ${e}`);
    for (const e of log.console) crawl.errors.push(`${tag}: console error: ${e}`);
    for (const e of log.pageErrors) crawl.errors.push(`${tag}: page error: ${e}`);
    for (const e of log.dialogs) crawl.errors.push(`${tag}: dialog ${e}`);
  }
  await ctx.close();
}

async function main() {
  const started = Date.now();
  for (const s of sites) servers.set(s.name, await serve(s.dir, s.base, s.languages));
  const sitesLine = sites.map((s) => `${s.name} (${s.role}, ${s.pages.size} pages${s.sample ? `, browser sample ${s.sample}` : ''}, served at ${s.base})`).join('; ');
  console.log(`qa: sites: ${sitesLine}`);

  // ---- static checks ----
  await timed('html-valid', async () => {
    const targets = [];
    let count = 0;
    for (const s of sites) {
      const checkable = s.files.filter((f) => /\.(html|svg|css)$/.test(f));
      if (s.role === 'hostile') {
        // escaped text fields must never break the markup; the sanitised report and page HTML
        // keeps what the corpus wrote (an <img> without alt is the content's fault), so those
        // two page kinds are left to the hostile check
        const picked = checkable.filter((f) => !['report', 'page'].includes(s.pages.get(f)?.kind));
        targets.push(...picked.map((f) => path.join(s.dir, f)));
        count += picked.length;
      } else if (s.sample && checkable.length > s.sample * 4) {
        const keep = new Set(samplePages(s));
        const picked = checkable.filter((f) => keep.has(f) || !f.endsWith('.html')).filter((f, i) => f.endsWith('.html') || i % 10 === 0);
        targets.push(...picked.map((f) => path.join(s.dir, f)));
        count += picked.length;
      } else {
        targets.push(s.dir);
        count += checkable.length;
      }
    }
    const r = await runVnu(targets, count);
    report('html-valid', r.errors.length === 0, `${r.errors.length} vnu errors in ${r.files} files (HTML, SVG, CSS)`,
      r.errors.map((e) => `${e.file}:${e.line}: ${e.message}`));
  });

  await timed('links-file', async () => {
    let checked = 0;
    const details = [];
    for (const s of generic) {
      const r = checkFileLinks(s);
      checked += r.checked;
      details.push(...r.broken.map((b) => `${s.name}: ${b.page}: ${b.url} — ${b.why}`));
    }
    report('links-file', details.length === 0, `${details.length} broken of ${checked} internal links and assets opened from disk (file://)`, details);
  });

  await timed('links-http', async () => {
    let checked = 0;
    const details = [];
    for (const s of generic) {
      const srv = servers.get(s.name);
      const r = await checkHttpLinks(s, srv, samplePages(s));
      checked += r.checked;
      details.push(...r.broken.map((b) => `${s.name}: ${b.page}: ${b.url} — ${b.why}`));
    }
    report('links-http', details.length === 0, `${details.length} broken of ${checked} links and assets served under ${[...new Set(sites.map((s) => s.base))].join(', ')} (linkinator)`, details);
  });

  await timed('page-weight', async () => {
    const details = [];
    const lines = [];
    let pages = 0;
    for (const s of sites) {
      const b = { '*': budgets.every_page, ...(budgets.by_site?.[s.role] || {}) };
      const r = checkWeights(s, b);
      pages += s.pages.size;
      details.push(...r.over.map((o) => `${s.name}: ${o.file} (${o.kind}) ${kb(o.bytes)} > budget ${kb(o.budget)}: ${JSON.stringify(o.parts)}`));
      lines.push(...r.rows.map((row) => `${s.name}: ${row.kind}: heaviest ${kb(row.max)} (budget ${kb(row.budget)}) ${row.maxFile}`));
      if (s.role === 'bundled') {
        const c = r.rows.find((row) => row.kind === 'commune');
        if (c) lines.unshift(`${s.name}: commune page heaviest ${kb(c.max)}`);
      }
    }
    fs.writeFileSync(path.join(outDir, 'page-weight-table.txt'), lines.join('\n') + '\n');
    const bundled = sites.find((s) => s.role === 'bundled');
    let extra = '';
    if (bundled) {
      const r = checkWeights(bundled, {});
      const c = r.rows.find((row) => row.kind === 'commune');
      if (c) extra = `; bundled commune page ≤ ${kb(c.max)}`;
    }
    report('page-weight', details.length === 0, `${details.length} of ${pages} pages over budget${extra} (table in ${path.join(outDir, 'page-weight-table.txt')})`, details);
  });

  const hostileSites = sites.filter((s) => s.role === 'hostile');
  const hostileStatic = [];
  for (const s of hostileSites) hostileStatic.push({ site: s, ...scanSite(s, HOSTILE_MARKER) });

  // ---- browser checks ----
  const browserChecks = ['no-other-hosts', 'no-errors', 'a11y', 'phone-height', 'keyboard', 'it-works', 'hostile', 'screenshots'];
  if (browserChecks.some(wanted)) browser = await launch();

  // Crawl: every page (or the sample) over HTTP and from disk, recording requests and errors.
  const crawl = { pages: 0, hostilePages: 0, foreign: [], errors: [], pwned: [] };
  const crawlStart = Date.now();
  if (['no-other-hosts', 'no-errors', 'hostile'].some(wanted)) {
    const jobs = [];
    for (const s of sites) for (const transport of ['http', 'file']) jobs.push({ s, transport });
    jobs.sort((a, b) => b.s.pages.size - a.s.pages.size); // the longest first: the two workers end together
    await pool(jobs, CONCURRENCY, ({ s, transport }) => crawlSite(s, transport, crawl).catch((e) => {
      const msg = `${s.name} ${transport}: the crawl itself failed: ${String(e && e.message || e).split('\n')[0]}`;
      (s.role === 'hostile' ? crawl.pwned : crawl.errors).push(msg);
    }));
  }
  for (const k of ['foreign', 'errors', 'pwned']) crawl[k].sort();
  if (process.env.QA_TIMES) console.log(`     (crawl: ${((Date.now() - crawlStart) / 1000).toFixed(1)} s)`);
  if (wanted('no-other-hosts')) {
    report('no-other-hosts', crawl.foreign.length === 0, `${crawl.foreign.length} requests to other hosts over ${crawl.pages} page loads (HTTP and file://)`, crawl.foreign);
  }
  if (wanted('no-errors')) {
    report('no-errors', crawl.errors.length === 0, `${crawl.errors.length} console errors, page errors, dialogs or failed requests over ${crawl.pages} page loads`, crawl.errors);
  }

  // Accessibility: axe-core on every page type, both languages, both colour schemes, 360 px;
  // plus reflow (no page scrolls sideways at 360 px: WCAG 1.4.10).
  await timed('a11y', async () => {
    const details = [];
    let runs = 0;
    const jobs = [];
    for (const s of generic) for (const scheme of ['light', 'dark']) jobs.push({ s, scheme });
    await pool(jobs, CONCURRENCY, async ({ s, scheme }) => {
      const srv = servers.get(s.name);
      const ctx = await browser.newContext({ viewport: { width: 360, height: 800 }, colorScheme: scheme });
      const page = await watchedPage(ctx, (u) => u.startsWith(srv.origin + '/'));
      for (const pt of pageTypes(s, { commune: 'dien-chau/index.html' })) {
        await page.goto(srv.url(pt.file), { waitUntil: 'load' });
        await page.emulateMedia({ colorScheme: scheme });
        runs++;
        for (const v of await runAxe(page)) {
          const n = v.nodes[0];
          details.push(`${s.name} ${scheme} ${pt.file}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes.length} nodes; e.g. ${n.target}: ${n.summary}`);
        }
        const wide = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        if (wide > 1) details.push(`${s.name} ${scheme} ${pt.file}: reflow — the page scrolls ${wide}px sideways at 360 px`);
      }
      await ctx.close();
    });
    details.sort();
    report('a11y', details.length === 0, `${details.length} axe-core WCAG 2.1 A/AA violations or reflow failures in ${runs} runs (${generic.length} sites × page types × languages × light/dark, 360 px)`, details);
  });

  // Phone-first: the bundled pages named in qa/budgets.json (phone_height) are no taller than
  // their budget at 360 px, every image loaded (lazy images would hide their height).
  await timed('phone-height', async () => {
    const s = sites.find((x) => x.role === 'bundled');
    const limits = budgets.phone_height || {};
    if (!s || !Object.keys(limits).length) { console.log('SKIP phone-height: no bundled site or no budget'); return; }
    const srv = servers.get(s.name);
    const ctx = await browser.newContext({ viewport: { width: 360, height: 800 } });
    const page = await watchedPage(ctx, (u) => u.startsWith(srv.origin + '/'));
    const details = [];
    const seen = [];
    for (const [file, limit] of Object.entries(limits)) {
      await page.goto(srv.url(file), { waitUntil: 'load' });
      const height = await page.evaluate(async () => {
        const imgs = [...document.querySelectorAll('img')];
        imgs.forEach((i) => { i.loading = 'eager'; });
        await Promise.all(imgs.map((i) => i.complete ? 0 : new Promise((r) => { i.onload = i.onerror = r; })));
        return document.documentElement.scrollHeight;
      });
      seen.push(`${file} ${height} px`);
      if (height > limit) details.push(`${file}: ${height} px tall at 360 px, budget ${limit} px`);
    }
    await ctx.close();
    report('phone-height', details.length === 0, `${seen.join('; ')} at 360 px (budgets in qa/budgets.json)`, details);
  });

  await timed('keyboard', async () => {
    const details = [];
    let runs = 0;
    for (const s of generic) {
      const srv = servers.get(s.name);
      const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await watchedPage(ctx, (u) => u.startsWith(srv.origin + '/'));
      for (const pt of pageTypes(s, { commune: 'dien-chau/index.html' })) {
        await page.goto(srv.url(pt.file), { waitUntil: 'load' });
        runs++;
        for (const p of await keyboardProblems(page)) details.push(`${s.name} ${pt.file}: ${p}`);
      }
      await ctx.close();
    }
    report('keyboard', details.length === 0, `${details.length} problems on ${runs} page types (skip link, focus visible, tab order, chart text alternatives, table captions and scopes)`, details);
  });

  await timed('it-works', async () => {
    const s = sites.find((x) => x.role === 'bundled');
    if (!s) { console.log('SKIP it-works: no bundled site'); return; }
    const r = await checkWorks(s, servers.get(s.name), browser);
    const failed = r.steps.filter((x) => !x.ok);
    fs.writeFileSync(path.join(outDir, 'it-works-steps.txt'), r.steps.map((x) => `${x.ok ? 'ok ' : 'BAD'} ${x.name}: ${x.detail}`).join('\n') + '\n');
    report('it-works', failed.length === 0, `${r.steps.length - failed.length}/${r.steps.length} scripted reader steps passed (click-through, sort, filter, key figures)`,
      r.steps.map((x) => `${x.ok ? 'ok ' : 'BAD'} ${x.name}: ${x.detail}`).filter((l) => l.startsWith('BAD')));
  });

  await timed('hostile', async () => {
    if (!hostileSites.length) { console.log('SKIP hostile: no hostile site'); return; }
    const details = [...crawl.pwned];
    let files = 0;
    let escaped = 0;
    for (const h of hostileStatic) {
      files += h.files;
      escaped += h.escaped;
      details.push(...h.problems.map((p) => `${h.site.name} static: ${p}`));
      if (!h.escaped) details.push(`${h.site.name}: no page shows the payload marker "${HOSTILE_MARKER}" as text — the corpus does not reach the pages`);
    }
    const leaks = crawl.pwned.filter((d) => d.includes(': request to another host: ')).length;
    const ran = crawl.pwned.length - leaks;
    const unsafe = details.length - crawl.pwned.length;
    report('hostile', details.length === 0, `${ran} payloads ran (dialog, window.__pwned, page error), ${leaks} requests to other hosts, ${unsafe} unsafe markup findings (${crawl.hostilePages} loads in Chromium, ${files} files scanned; payloads shown as text on ${escaped} pages)`, details);
  });

  await timed('screenshots', async () => {
    const s = sites.find((x) => x.role === 'bundled') || sites[0];
    const srv = servers.get(s.name);
    const dir = path.join(outDir, 'screenshots', s.name);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    let n = 0;
    const types = pageTypes(s, { commune: 'dien-chau/index.html', indicator: 'dossiers_online_rate/index.html', report: 'dien-chau/reports/2026-01.html' })
      .filter((pt) => pt.lang === s.defaultLang || ['overview', 'commune'].includes(pt.kind));
    const jobs = [];
    for (const width of [360, 1280]) for (const scheme of ['light', 'dark']) jobs.push({ width, scheme });
    await pool(jobs, CONCURRENCY, async ({ width, scheme }) => {
      const ctx = await browser.newContext({ viewport: { width, height: 900 }, colorScheme: scheme });
      const page = await ctx.newPage();
      for (const pt of types) {
        await page.goto(srv.url(pt.file), { waitUntil: 'load' });
        // lazy images below the fold: load them all before the full-page shot
        await page.evaluate(async () => {
          for (const img of document.querySelectorAll('img[loading="lazy"]')) img.loading = 'eager';
          await Promise.all([...document.images].map((i) => (i.complete ? null : new Promise((r) => { i.onload = i.onerror = r; }))));
        });
        await page.screenshot({ path: path.join(dir, `${pt.kind}-${pt.lang}-${width}-${scheme}.png`), fullPage: true });
        n++;
      }
      await ctx.close();
    });
    report('screenshots', n > 0, `${n} full-page screenshots (page types × 360/1280 px × light/dark) in ${dir}`);
  });

  if (browser) await browser.close();
  for (const srv of servers.values()) await srv.close();
  const failed = results.filter((r) => !r.ok).length;
  const passed = results.length - failed;
  const since = process.env.QA_START ? Number(process.env.QA_START) * 1000 : started;
  console.log(`qa: gate took ${Math.round((Date.now() - since) / 1000)} s; details, sites and screenshots in ${outDir}`);
  console.log(`qa: ${passed} passed, ${failed} failed`);
  process.exitCode = failed ? 1 : 0;
}

main().catch(async (e) => {
  console.error(e);
  try { if (browser) await browser.close(); } catch {}
  process.exit(1);
});
