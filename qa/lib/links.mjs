// Links and assets: every href/src of every page must name a file that exists, opened from disk
// (file://, checked here file by file) and served under a sub-path over HTTP (checked by linkinator).
import fs from 'node:fs';
import path from 'node:path';
import { LinkChecker } from 'linkinator';
import { isExternal } from './site.mjs';

// <link rel> values a browser does not load by itself and that name the published address
// (canonical) — only checked when they are relative.
const NOT_LOADED_RELS = /\b(canonical)\b/;
const ASSET_TAGS = new Set(['link', 'script', 'img', 'source', 'iframe', 'frame', 'embed', 'object', 'video', 'audio', 'track', 'use', 'image', 'input']);

/**
 * Checks every reference of every page as the browser resolves it from file://.
 * Returns { checked, broken: [{page, url, why}] }.
 */
export function checkFileLinks(site) {
  const broken = [];
  let checked = 0;
  const fileSet = new Set(site.files);
  const dirSet = new Set();
  for (const f of site.files) {
    const parts = f.split('/');
    for (let i = 1; i < parts.length; i++) dirSet.add(parts.slice(0, i).join('/'));
  }
  for (const page of site.pages.values()) {
    // 404 pages use addresses absolute from base_url on purpose: checked over HTTP only
    if (page.kind === '404') continue;
    for (const ref of page.refs) {
      const { url } = ref;
      if (ref.tag === 'base') { broken.push({ page: page.file, url, why: '<base> changes every relative link' }); continue; }
      if (ref.tag === 'form' || ref.tag === 'button' || (ref.tag === 'input' && ref.attr === 'formaction')) continue;
      if (isExternal(url)) {
        // a page may link to other hosts, but must never load anything from them (the theme's
        // inline icon is a data: address, no host)
        if (ASSET_TAGS.has(ref.tag) && !(ref.tag === 'link' && /\b(canonical|alternate)\b/.test(ref.rel)) &&
            !(ref.tag === 'link' && /\bicon\b/.test(ref.rel) && url.startsWith('data:image/'))) {
          broken.push({ page: page.file, url, why: `<${ref.tag} ${ref.attr}> loads from another host or scheme` });
        }
        continue;
      }
      checked++;
      if (url.startsWith('/')) { broken.push({ page: page.file, url, why: 'absolute path: breaks on file:// and under a sub-path' }); continue; }
      const hashAt = url.indexOf('#');
      const frag = hashAt >= 0 ? decodeURIComponent(url.slice(hashAt + 1)) : '';
      let rel = (hashAt >= 0 ? url.slice(0, hashAt) : url).replace(/\?.*$/, '');
      let target;
      if (rel === '') {
        target = page.file;
      } else {
        try { rel = decodeURIComponent(rel); } catch { broken.push({ page: page.file, url, why: 'bad percent-encoding' }); continue; }
        target = path.posix.normalize(path.posix.join(path.posix.dirname(page.file), rel));
        if (target.startsWith('../') || target === '..') { broken.push({ page: page.file, url, why: 'points outside the site' }); continue; }
      }
      if (!fileSet.has(target)) {
        const why = dirSet.has(target.replace(/\/$/, '')) || target === '.' ? 'names a folder, not a file (no index.html on file://)' : 'no such file';
        broken.push({ page: page.file, url, why });
        continue;
      }
      if (frag && target.endsWith('.html')) {
        const t = site.pages.get(target);
        if (t && !t.ids.has(frag) && frag !== 'top') broken.push({ page: page.file, url, why: `no element with id "${frag}"` });
      }
    }
  }
  return { checked, broken };
}

/**
 * Crawls the site served at `server` with linkinator (every page as a start, recursing, checking
 * fragments), skipping other hosts. Returns { checked, broken: [{page, url, why}] }.
 */
export async function checkHttpLinks(site, server, pages) {
  const checker = new LinkChecker();
  const starts = pages.map((f) => server.url(f));
  const result = await checker.check({
    path: starts,
    recurse: !site.sample,
    checkFragments: true,
    concurrency: 8,
    timeout: 20000,
    retry: false,
    redirects: 'allow',
    linksToSkip: async (link) => !link.startsWith(server.origin),
  });
  const broken = [];
  let checked = 0;
  for (const l of result.links) {
    if (l.state === 'SKIPPED') continue;
    checked++;
    if (l.state === 'BROKEN') {
      const details = (l.failureDetails || []).map((e) => e?.message).filter(Boolean).join('; ');
      const why = details || (l.status ? `HTTP ${l.status}` : 'broken');
      broken.push({ page: l.parent ? l.parent.replace(server.origin, '') : '(start)', url: l.url.replace(server.origin, ''), why });
    }
  }
  return { checked, broken };
}
