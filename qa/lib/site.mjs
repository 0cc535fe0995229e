// What a built site holds: its pages (with their kind), its base path and languages, and what each
// page references (parsed with htmlparser2).
import fs from 'node:fs';
import path from 'node:path';
import { Parser } from 'htmlparser2';

/** Every file under `dir`, as '/'-separated paths relative to it, sorted. */
export function listFiles(dir) {
  const out = [];
  const walk = (rel) => {
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(r);
      else if (e.isFile()) out.push(r);
    }
  };
  walk('');
  return out.sort();
}

// Attributes that hold addresses, by tag (what the site, a sanitised report or a browser may load
// or follow).
const URL_ATTRS = {
  a: ['href'], area: ['href'], link: ['href'], script: ['src'], img: ['src', 'srcset'],
  source: ['src', 'srcset'], iframe: ['src'], frame: ['src'], embed: ['src'], object: ['data'],
  video: ['src', 'poster'], audio: ['src'], track: ['src'], use: ['href', 'xlink:href'],
  image: ['href', 'xlink:href'], form: ['action'], button: ['formaction'], input: ['src', 'formaction'],
  base: ['href'], meta: [],
};

/** Parses one HTML page: its references, ids, kind, lang, script tags and suspicious attributes. */
export function parsePage(html) {
  const page = { refs: [], ids: new Set(), kind: null, lang: null, scripts: [], attrs: [], title: '' };
  let inTitle = false;
  const parser = new Parser({
    onopentag(tag, attrs) {
      if (tag === 'html') page.lang = attrs.lang || null;
      if (tag === 'body') {
        const m = /(?:^|\s)kind-([\w-]+)/.exec(attrs.class || '');
        if (m) page.kind = m[1];
      }
      if (tag === 'title') inTitle = true;
      if (attrs.id) page.ids.add(attrs.id);
      if (tag === 'a' && attrs.name) page.ids.add(attrs.name);
      if (tag === 'script') page.scripts.push(attrs);
      for (const [name, value] of Object.entries(attrs)) page.attrs.push({ tag, name, value });
      for (const a of URL_ATTRS[tag] || []) {
        const v = attrs[a];
        if (v == null) continue;
        if (a === 'srcset') {
          for (const part of v.split(',')) {
            const u = part.trim().split(/\s+/)[0];
            if (u) page.refs.push({ tag, attr: a, url: u, rel: attrs.rel || '' });
          }
        } else {
          page.refs.push({ tag, attr: a, url: v, rel: attrs.rel || '' });
        }
      }
    },
    ontext(t) { if (inTitle) page.title += t; },
    onclosetag(tag) { if (tag === 'title') inTitle = false; },
  }, { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true });
  parser.write(html);
  parser.end();
  return page;
}

/** Loads a built site: pages by kind, base path, languages. */
export function loadSite(name, role, dir, sample = 0) {
  dir = path.resolve(dir);
  const files = listFiles(dir);
  const htmlFiles = files.filter((f) => f.endsWith('.html'));
  const pages = new Map();
  for (const f of htmlFiles) {
    const html = fs.readFileSync(path.join(dir, f), 'utf8');
    const p = parsePage(html);
    p.file = f;
    p.bytes = Buffer.byteLength(html);
    pages.set(f, p);
  }
  const index = pages.get('index.html');
  if (!index) throw new Error(`${name}: no index.html in ${dir}`);
  const canonical = index.refs.find((r) => r.tag === 'link' && /\bcanonical\b/.test(r.rel));
  const base = canonical ? new URL(canonical.url).pathname.replace(/index\.html$/, '') : '/';
  const defaultLang = index.lang;
  const languages = [...new Set(index.refs.filter((r) => r.tag === 'link' && /\balternate\b/.test(r.rel))
    .map((r) => /^([a-z]{2,3})\/index\.html$/.exec(r.url)?.[1]).filter(Boolean))];
  const byKind = new Map();
  for (const p of pages.values()) {
    const k = p.kind || 'unknown';
    if (!byKind.has(k)) byKind.set(k, []);
    byKind.get(k).push(p.file);
  }
  return { name, role, dir, files, pages, base, defaultLang, languages, byKind, sample };
}

/** Language of a page file: the first path segment when it is one of the other languages. */
export function langOf(site, file) {
  const first = file.split('/')[0];
  return site.languages.includes(first) ? first : site.defaultLang;
}

/**
 * The pages to open in the browser: all, or with `site.sample` > 0 a deterministic sample that keeps
 * at least one page of every kind in every language.
 */
export function samplePages(site, files = [...site.pages.keys()]) {
  if (!site.sample || files.length <= site.sample) return files;
  const keep = new Set();
  const seen = new Set();
  for (const f of files) {
    const key = `${site.pages.get(f)?.kind}|${langOf(site, f)}`;
    if (!seen.has(key)) { seen.add(key); keep.add(f); }
  }
  const step = files.length / Math.max(1, site.sample - keep.size);
  for (let i = 0; i < files.length && keep.size < site.sample; i += step) keep.add(files[Math.floor(i)]);
  return files.filter((f) => keep.has(f));
}

/** One representative page per kind and language (the first in path order, or a preferred one). */
export function pageTypes(site, prefer = {}) {
  const out = [];
  for (const [kind, files] of [...site.byKind.entries()].sort()) {
    for (const lang of [site.defaultLang, ...site.languages.filter((l) => l !== site.defaultLang)]) {
      const mine = files.filter((f) => langOf(site, f) === lang);
      if (!mine.length) continue;
      const pref = prefer[kind] && mine.find((f) => f.endsWith(prefer[kind]));
      out.push({ kind, lang, file: pref || mine[0] });
    }
  }
  return out;
}

/** Is `url` an address on another host (or a scheme that is not a plain link)? */
export function isExternal(url) {
  return /^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('//');
}
