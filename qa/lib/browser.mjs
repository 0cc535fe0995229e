// One headless Chromium for the whole gate (Debian's /usr/bin/chromium driven by playwright-core;
// no browser is ever downloaded). Playwright gives every launch a fresh temporary profile
// (--user-data-dir), removed when the browser closes.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
export const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

export async function launch() {
  const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--disable-default-apps', '--disable-extensions', '--mute-audio',
    ],
  });
}

/**
 * A page that records everything the gate watches: requests (by URL), failed requests, HTTP
 * errors, console errors, page errors and dialogs (dismissed at once). Requests to anything but
 * `allowed(url)` are recorded and aborted, so no check ever reaches another host.
 */
export async function watchedPage(context, allowed) {
  const page = await context.newPage();
  const log = { requests: [], foreign: [], failed: [], httpErrors: [], console: [], pageErrors: [], dialogs: [] };
  page.__log = log;
  page.__reset = () => { for (const k of Object.keys(log)) log[k].length = 0; };
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (allowed(url)) return route.continue();
    log.foreign.push(url);
    return route.abort('blockedbyclient');
  });
  page.on('request', (r) => log.requests.push(r.url()));
  page.on('requestfailed', (r) => {
    if (!allowed(r.url())) return; // already counted as another host
    log.failed.push(`${r.url()} (${r.failure()?.errorText || 'failed'})`);
  });
  page.on('response', (r) => { if (r.status() >= 400) log.httpErrors.push(`${r.status()} ${r.url()}`); });
  page.on('console', (m) => { if (m.type() === 'error') log.console.push(m.text()); });
  page.on('pageerror', (e) => log.pageErrors.push(String(e && e.message || e)));
  page.on('dialog', (d) => { log.dialogs.push(`${d.type()}: ${d.message()}`); d.dismiss().catch(() => {}); });
  page.on('popup', (p) => { log.dialogs.push(`popup: ${p.url()}`); p.close().catch(() => {}); });
  return page;
}

/** Runs axe-core (WCAG 2.1 A and AA rules) on the loaded page; returns its violations. */
export async function runAxe(page) {
  const has = await page.evaluate(() => typeof window.axe !== 'undefined');
  if (!has) await page.addScriptTag({ content: AXE_SOURCE });
  const r = await page.evaluate(async (tags) => {
    const res = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return res.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target.join(' '), html: n.html.slice(0, 200), summary: (n.failureSummary || '').replace(/\s+/g, ' ').slice(0, 300) })) }));
  }, AXE_TAGS);
  return r;
}
