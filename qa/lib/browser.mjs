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
      // nothing but the gate's own server resolves: a page can never reach another host
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
    ],
  });
}

/**
 * A page that records everything the gate watches: requests to anything but `allowed(url)`,
 * failed requests, HTTP errors, console errors, page errors and dialogs (dismissed at once).
 * Other hosts never resolve (--host-resolver-rules), so no check ever reaches one.
 */
export async function watchedPage(context, allowed) {
  const page = await context.newPage();
  const log = { foreign: [], failed: [], httpErrors: [], console: [], pageErrors: [], dialogs: [] };
  page.__log = log;
  page.__reset = () => { for (const k of Object.keys(log)) log[k].length = 0; };
  page.on('request', (r) => { if (!allowed(r.url())) log.foreign.push(r.url()); });
  page.on('requestfailed', (r) => {
    if (!allowed(r.url())) return; // already counted as another host
    log.failed.push(`${r.url()} (${r.failure()?.errorText || 'failed'})`);
  });
  page.on('response', (r) => { if (r.status() >= 400) log.httpErrors.push(`${r.status()} ${r.url()}`); });
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    // Chromium asks the host root for /favicon.ico by itself when a page names no icon; the site
    // does not link it, and under a sub-path that address is not the site's (see README)
    if (/\/favicon\.ico$/.test(m.location()?.url || '')) return;
    // a blocked request to another host is already counted as such
    if (/ERR_NAME_NOT_RESOLVED|ERR_BLOCKED_BY_CLIENT/.test(m.text()) && log.foreign.length) return;
    log.console.push(m.text());
  });
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
