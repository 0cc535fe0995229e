// Hostile content, statically: whatever the content says, the output holds no script but the
// site's own, no event-handler attribute, no javascript:/vbscript:/data: address, no inline style,
// no frame, object, embed, form, base or meta refresh, and every link to another host carries
// rel="noopener noreferrer". Charts (SVG) and feeds (XML) are scanned as text.
import fs from 'node:fs';
import path from 'node:path';

// The corpus holds `{{ 7*191 }}`: its result must never appear (content is never a template).
const TEMPLATE_RESULT = '1337';
const BAD_SCHEME = /^\s*(javascript|vbscript|data|livescript|mocha):/i;
const URL_NAMES = new Set(['href', 'src', 'srcset', 'action', 'formaction', 'data', 'poster', 'xlink:href', 'background', 'cite', 'longdesc', 'manifest', 'ping']);
const BAD_TAGS = new Set(['iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'form', 'base', 'foreignobject', 'portal', 'template']);

export function scanHtmlPage(site, page) {
  const problems = [];
  const where = page.file;
  for (const s of page.scripts) {
    const src = s.src || '';
    if (!/(^|\/)assets\/site\.js$/.test(src)) problems.push(`${where}: <script${src ? ` src="${src}"` : ''}> is not the site's own script`);
  }
  const tags = new Set(page.attrs.map((a) => a.tag));
  for (const a of page.attrs) {
    if (/^on/i.test(a.name)) problems.push(`${where}: event handler ${a.name}= on <${a.tag}>`);
    if (a.name === 'style') problems.push(`${where}: inline style= on <${a.tag}>`);
    // (the theme's own icon is an inline data:image/svg+xml <link>; content can never make a <link>)
    const themeIcon = a.tag === 'link' && a.name === 'href' && a.value.startsWith('data:image/svg+xml,');
    if (URL_NAMES.has(a.name) && !themeIcon && BAD_SCHEME.test(a.value.replace(/[\u0000-\u001f\s]+/g, ''))) problems.push(`${where}: ${a.name}="${a.value.slice(0, 60)}" on <${a.tag}>`);
    if (a.tag === 'meta' && a.name === 'http-equiv' && /refresh/i.test(a.value)) problems.push(`${where}: <meta http-equiv="refresh">`);
    if (a.name === 'srcdoc') problems.push(`${where}: srcdoc= on <${a.tag}>`);
  }
  for (const t of tags) if (BAD_TAGS.has(t)) problems.push(`${where}: <${t}> element`);
  return problems;
}

/** Anchors to other hosts without rel="noopener noreferrer" (parsed from the raw HTML). */
export function unsafeExternalAnchors(html) {
  const out = [];
  const re = /<a\b([^>]*)>/gi;
  let m;
  while ((m = re.exec(html))) {
    const attrs = m[1];
    const href = /\bhref\s*=\s*"([^"]*)"/i.exec(attrs)?.[1] ?? /\bhref\s*=\s*'([^']*)'/i.exec(attrs)?.[1] ?? '';
    if (!/^\s*(https?:)?\/\//i.test(href)) continue;
    const rel = (/\brel\s*=\s*"([^"]*)"/i.exec(attrs)?.[1] || '').toLowerCase().split(/\s+/);
    if (!rel.includes('noopener') || !rel.includes('noreferrer')) out.push(href);
  }
  return out;
}

/** Scans an SVG or XML file as text for anything that could run when opened on its own. */
export function scanMarkupText(rel, text) {
  const problems = [];
  if (/<script\b/i.test(text)) problems.push(`${rel}: <script> element`);
  if (/<foreignObject\b/i.test(text)) problems.push(`${rel}: <foreignObject> element`);
  if (/<[a-z][^>]*\son[a-z]+\s*=/i.test(text)) problems.push(`${rel}: event-handler attribute`);
  if (/<[a-z][^>]*\s(?:href|xlink:href|src)\s*=\s*["']\s*(?:javascript|data|vbscript):/i.test(text)) problems.push(`${rel}: javascript:/data: address`);
  if (/<!ENTITY/i.test(text)) problems.push(`${rel}: DTD entity declaration`);
  if (/<iframe\b|<object\b|<embed\b/i.test(text)) problems.push(`${rel}: frame or object element`);
  return problems;
}

/** Static scan of every page, chart and feed of the site. Returns { files, problems, escaped }. */
export function scanSite(site, marker) {
  const problems = [];
  let files = 0;
  let escaped = 0;
  for (const page of site.pages.values()) {
    files++;
    problems.push(...scanHtmlPage(site, page));
    const html = fs.readFileSync(path.join(site.dir, page.file), 'utf8');
    for (const href of unsafeExternalAnchors(html)) problems.push(`${page.file}: link to ${href} without rel="noopener noreferrer"`);
    if (marker && html.includes(marker)) escaped++;
    if (html.includes(TEMPLATE_RESULT)) problems.push(`${page.file}: "${TEMPLATE_RESULT}" — a {{ 7*191 }} payload was evaluated as a template`);
  }
  for (const f of site.files) {
    if (!/\.(svg|xml|csv|json)$/.test(f)) continue;
    const text = fs.readFileSync(path.join(site.dir, f), 'utf8');
    if (text.includes(TEMPLATE_RESULT)) problems.push(`${f}: "${TEMPLATE_RESULT}" — a {{ 7*191 }} payload was evaluated as a template`);
    if (!/\.(svg|xml)$/.test(f)) continue;
    files++;
    problems.push(...scanMarkupText(f, text));
  }
  return { files, problems, escaped };
}
