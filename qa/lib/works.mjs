// "It works": what a reader does, scripted in the browser on the bundled site — click through
// overview → province → commune → report → English → back, sort a table, filter "dien chau",
// search "dien chau" and a phrase of a report in the header's box, and find every key figure
// the data files give on the commune pages.
import fs from 'node:fs';
import path from 'node:path';
import { parseCsv } from './csv.mjs';
import { watchedPage } from './browser.mjs';

const esc = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

async function clickAndWait(page, locator, urlRe) {
  await Promise.all([page.waitForURL(urlRe, { timeout: 10000 }), locator.click()]);
  await page.waitForLoadState('load');
}

/** Latest figure of every commune × indicator, by the README's rule, from observations.csv. */
export function latestFigures(siteDir) {
  const rows = parseCsv(fs.readFileSync(path.join(siteDir, 'data/observations.csv'), 'utf8'));
  const best = new Map();
  const better = (a, b) => {
    if (a.period_end !== b.period_end) return a.period_end > b.period_end;
    if (a.period_kind !== b.period_kind) return a.period_kind === 'regular';
    return a.period_start > b.period_start;
  };
  for (const r of rows) {
    if (r.value === '') continue;
    const key = `${r.province_id}/${r.commune_id}|${r.indicator_id}`;
    const cur = best.get(key);
    if (!cur || better(r, cur)) best.set(key, r);
  }
  return best;
}

export function formatFigure(row, lang) {
  const nf = new Intl.NumberFormat(lang, { maximumFractionDigits: 2 });
  const v = Number(row.value);
  if (row.unit === 'percent') return nf.format(v) + '%';
  if (row.unit === 'count') return nf.format(v);
  return null; // money and yes/no: worded, not compared here
}

/** Returns { steps: [{name, ok, detail}] }. */
export async function checkWorks(site, server, browser) {
  const steps = [];
  const step = async (name, fn) => {
    try {
      const detail = await fn();
      steps.push({ name, ok: true, detail: detail || '' });
    } catch (e) {
      steps.push({ name, ok: false, detail: String(e && e.message || e).split('\n')[0] });
    }
  };
  const ctx = await browser.newContext({ viewport: { width: 360, height: 800 }, locale: 'vi-VN' });
  const page = await watchedPage(ctx, (u) => u.startsWith(server.origin));
  const B = esc(server.base);
  const other = site.languages.find((l) => l !== site.defaultLang) || 'en';

  // 1. click-through
  let reportUrl = '';
  await step('click-through overview → province → commune → report → English → back', async () => {
    await page.goto(server.url('index.html'));
    const provLinks = page.locator('section[aria-labelledby="provinces-heading"] a');
    if (!(await provLinks.count())) throw new Error('overview: no province links');
    let prov = provLinks.filter({ hasText: 'Nghệ An' });
    if (!(await prov.count())) prov = provLinks.first();
    const provName = (await prov.first().innerText()).trim();
    await clickAndWait(page, prov.first(), new RegExp(`${B}provinces/[^/]+/index\\.html$`));
    const h1p = await page.locator('h1').innerText();
    if (!h1p.trim() || !(provName.includes(h1p.trim()) || h1p.includes(provName))) throw new Error(`province page h1 "${h1p}" does not match the link "${provName}"`);

    const comLinks = page.locator('table tbody th[scope="row"] > a');
    if (!(await comLinks.count())) throw new Error('province: no commune links in its table');
    let com = comLinks.filter({ hasText: 'Diễn Châu' });
    if (!(await com.count())) com = comLinks.first();
    const comName = (await com.first().innerText()).trim();
    await clickAndWait(page, com.first(), new RegExp(`${B}communes/[^/]+/[^/]+/index\\.html$`));
    const h1c = await page.locator('h1').innerText();
    if (!h1c.includes(comName) && !comName.includes(h1c)) throw new Error(`commune page h1 "${h1c}" lacks "${comName}"`);

    const rep = page.locator('section[aria-labelledby="reports-heading"] a').first();
    if (!(await rep.count())) throw new Error(`commune ${comName}: no report link`);
    await clickAndWait(page, rep, new RegExp(`${B}communes/[^/]+/[^/]+/reports/[^/]+\\.html$`));
    reportUrl = page.url();
    if (!(await page.locator('.report-body').innerText()).trim()) throw new Error('report page: empty report text');

    const en = page.locator(`.lang-switch a[hreflang="${other}"]`);
    await clickAndWait(page, en, new RegExp(`${B}${other}/communes/[^/]+/[^/]+/reports/[^/]+\\.html$`));
    const lang = await page.getAttribute('html', 'lang');
    if (lang !== other) throw new Error(`after the language switch <html lang="${lang}">, expected ${other}`);

    await page.goBack({ waitUntil: 'load' });
    if (page.url() !== reportUrl) throw new Error(`back went to ${page.url()}, expected ${reportUrl}`);
    const back = await page.getAttribute('html', 'lang');
    if (back !== site.defaultLang) throw new Error(`after back <html lang="${back}">`);
    return `${provName} → ${comName} → ${reportUrl.replace(server.origin, '')} → ${other} → back`;
  });

  // 2. sorting the overview table by a number column and by name
  await step('sort a table by clicking its headers', async () => {
    await page.goto(server.url('index.html'));
    const table = page.locator('table.sortable').first();
    const id = await table.getAttribute('id');
    const readCol = (col) => page.$$eval(`#${id} tbody tr`, (rows, c) => rows.map((r) => {
      const cell = r.cells[c];
      return { sort: cell?.getAttribute('data-sort') ?? null, text: (cell?.querySelector('a') || cell)?.textContent.trim() };
    }), col);
    const heads = await page.$$eval(`#${id} thead th`, (ths) => ths.map((t) => t.getAttribute('data-type')));
    let col = -1;
    for (let c = 0; c < heads.length; c++) {
      if (heads[c] !== 'number') continue;
      const vals = (await readCol(c)).map((v) => v.sort).filter((s) => s !== '' && s !== null);
      if (new Set(vals).size >= 2) { col = c; break; }
    }
    if (col < 0) throw new Error('no number column with two different values');
    const btn = page.locator(`#${id} thead th`).nth(col).locator('button.sort');
    const checkOrder = async (dir) => {
      const vals = (await readCol(col)).map((v) => v.sort);
      const nums = vals.filter((s) => s !== '').map(Number);
      const empties = vals.map((s, i) => (s === '' ? i : -1)).filter((i) => i >= 0);
      if (empties.some((i) => i < nums.length)) throw new Error(`${dir}: empty cells are not last: ${vals.join(',')}`);
      for (let i = 1; i < nums.length; i++) {
        if (dir === 'ascending' ? nums[i] < nums[i - 1] : nums[i] > nums[i - 1]) throw new Error(`${dir}: wrong order ${nums.join(',')}`);
      }
      const aria = await page.locator(`#${id} thead th`).nth(col).getAttribute('aria-sort');
      if (aria !== dir) throw new Error(`aria-sort="${aria}", expected ${dir}`);
      return nums.join(' ≤ ');
    };
    const before = (await readCol(col)).map((v) => v.sort).join(',');
    await btn.click();
    const asc = await checkOrder('ascending');
    await btn.click();
    await checkOrder('descending');
    const after = (await readCol(col)).map((v) => v.sort).join(',');
    if (before === after && asc.includes('<')) { /* order may legitimately match the original */ }
    // by name: Vietnamese order, then reversed
    const nameCol = heads.indexOf('text');
    const nbtn = page.locator(`#${id} thead th`).nth(nameCol).locator('button.sort');
    await nbtn.click();
    await nbtn.click();
    const desc = (await readCol(nameCol)).map((v) => v.text);
    const coll = new Intl.Collator('vi', { sensitivity: 'base', numeric: true });
    const expected = [...desc].sort((a, b) => coll.compare(b, a));
    if (desc.join('|') !== expected.join('|')) throw new Error(`names descending: ${desc.join(', ')}`);
    return `column ${col} ascending ${asc}; names descending ${desc.join(', ')}`;
  });

  // 3. the filter ignores diacritics
  for (const rel of ['index.html', 'indicators/dossiers_online_rate/index.html']) {
    if (!site.pages.has(rel)) continue;
    await step(`filter "dien chau" on ${rel}`, async () => {
      await page.goto(server.url(rel));
      const block = page.locator('.table-block.filterable').first();
      const input = block.locator('.table-filter input');
      await input.fill('dien chau');
      await page.waitForFunction(() => {
        const t = document.querySelector('.table-block.filterable table');
        return [...t.tBodies[0].rows].filter((r) => !r.hidden).length < t.tBodies[0].rows.length;
      }, null, { timeout: 5000 });
      const visible = await block.locator('tbody tr:visible th[scope="row"]').allInnerTexts();
      if (visible.length !== 1 || !visible[0].includes('Diễn Châu')) throw new Error(`visible rows: ${JSON.stringify(visible)}`);
      const status = await block.locator('.filter-status').innerText();
      await input.fill('');
      await page.waitForFunction(() => {
        const t = document.querySelector('.table-block.filterable table');
        return [...t.tBodies[0].rows].every((r) => !r.hidden);
      }, null, { timeout: 5000 });
      return `1 row: ${visible[0].replace(/\s+/g, ' ')} (${status})`;
    });
  }

  // 4. the search box in the header (Pagefind, over HTTP): a commune without accents, and a
  // phrase of a report text; results link relative to the page, and a click opens the page.
  const searchFor = async (from, words, wantHref, wantTitle) => {
    await page.goto(server.url(from));
    const input = page.locator('#site-search-input');
    await input.click();
    await input.pressSequentially(words, { delay: 20 });
    const link = page.locator('#site-search-results a').filter({ hasText: wantTitle }).first();
    await link.waitFor({ state: 'visible', timeout: 15000 });
    const href = await link.getAttribute('href');
    if (!/^(\.\.\/)*[^/:][^:]*\.html$/.test(href || '')) throw new Error(`result links to "${href}": not relative to the page`);
    const status = (await page.locator('#site-search-status').innerText()).trim();
    const count = await page.locator('#site-search-results li').count();
    await clickAndWait(page, link, new RegExp(`${B}${esc(wantHref)}$`));
    return `"${words}" → ${count} results (${status}); opened ${wantHref}`;
  };
  await step('search "dien chau" in the header finds Diễn Châu\'s commune page', () =>
    searchFor('provinces/thai-nguyen/index.html', 'dien chau', 'communes/nghe-an/dien-chau/index.html', 'Xã Diễn Châu, Nghệ An'));
  // The commune is listed with the report under it: the report's link carries its title.
  await step('search a phrase of a report text finds the report', () =>
    searchFor('index.html', 'vung lom song', 'communes/nghe-an/dien-chau/reports/2026-01.html', 'đến 19/01/2026'));
  await step(`search in ${other}: results are the ${other} pages`, () =>
    searchFor(`${other}/index.html`, 'dien chau', `${other}/communes/nghe-an/dien-chau/index.html`, 'Diễn Châu, Nghệ An'));

  // From disk, Pagefind cannot run: the box says so, and Enter opens the list of communes
  // filtered by the words typed (site.js only: it works from file://).
  await step('from disk, the search box leads to the list of communes, filtered', async () => {
    const disk = await ctx.newPage();
    try {
      await disk.goto('file://' + path.join(site.dir, 'provinces/thai-nguyen/index.html'));
      const input = disk.locator('#site-search-input');
      await input.click();
      const note = (await disk.locator('#site-search-status').innerText()).trim();
      if (!note) throw new Error('the box does not say that search needs the site served');
      await input.fill('dien chau');
      await Promise.all([disk.waitForURL(/communes\/index\.html\?q=dien%20chau$/, { timeout: 10000 }), input.press('Enter')]);
      await disk.waitForFunction(() => {
        const t = document.querySelector('.table-block.filterable table');
        return t && [...t.tBodies[0].rows].filter((r) => !r.hidden).length === 1;
      }, null, { timeout: 5000 });
      const visible = await disk.locator('tbody tr:visible th[scope="row"]').allInnerTexts();
      if (!visible[0].includes('Diễn Châu')) throw new Error(`visible rows: ${JSON.stringify(visible)}`);
      return `"${note}" → communes/index.html?q=dien%20chau: ${visible[0]}`;
    } finally {
      await disk.close();
    }
  });

  // 5. every key figure on every commune page, in every language
  await step('key figures on commune pages match the data files', async () => {
    const latest = latestFigures(site.dir);
    const headline = new Set(parseCsv(fs.readFileSync(path.join(site.dir, 'data/indicators.csv'), 'utf8')).filter((r) => r.headline === 'true').map((r) => r.indicator_id));
    const communes = (site.byKind.get('commune') || []);
    let found = 0;
    const problems = [];
    for (const file of communes) {
      const lang = site.languages.includes(file.split('/')[0]) ? file.split('/')[0] : site.defaultLang;
      const m = /communes\/([^/]+)\/([^/]+)\/index\.html$/.exec(file);
      const key = `${m[1]}/${m[2]}`;
      await page.goto(server.url(file));
      const cards = await page.$$eval('.key-figure', (els) => els.map((e) => ({
        href: e.querySelector('h3 a')?.getAttribute('href') || '',
        figure: e.querySelector('.figure')?.textContent.trim() || '',
        missing: !!e.querySelector('.figure.missing'),
      })));
      const seen = new Set();
      for (const c of cards) {
        const id = /indicators\/([^/]+)\/index\.html$/.exec(c.href)?.[1];
        seen.add(id);
        const row = latest.get(`${key}|${id}`);
        if (!row) {
          if (!c.missing) problems.push(`${file}: ${id} shows "${c.figure}" but the data has no figure`);
          continue;
        }
        const want = formatFigure(row, lang);
        if (want === null) continue;
        if (c.figure !== want) problems.push(`${file}: ${id} shows "${c.figure}", data gives ${row.value} → "${want}"`);
        else found++;
      }
      for (const id of headline) if (!seen.has(id)) problems.push(`${file}: key figure ${id} missing`);
    }
    if (problems.length) throw new Error(problems.slice(0, 5).join(' | '));
    if (!found) throw new Error('no key figure found');
    return `${found} figures on ${communes.length} commune pages`;
  });

  const log = page.__log;
  if (log.pageErrors.length || log.console.length) {
    steps.push({ name: 'no script errors during the scripted checks', ok: false, detail: [...log.pageErrors, ...log.console].slice(0, 3).join(' | ') });
  }
  await ctx.close();
  return { steps };
}
