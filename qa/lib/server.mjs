// A tiny static server: serves one built site under a sub-path (e.g. /nq57/), as a static host
// would, so the gate can check the site where it is really published: not at the root.
// Unknown addresses get the site's 404.html (the one of the address's language) with status 404.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.csv': 'text/csv; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.sqlite': 'application/vnd.sqlite3',
  '.zip': 'application/zip',
};

export function contentType(file) {
  return TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream';
}

/**
 * Starts a server for `root` under `base` (starts and ends with '/') on 127.0.0.1, a free port.
 * `languages`: the site's non-default languages (their 404 pages live under `<lang>/404.html`).
 * Returns { origin, base, url(rel), close() }.
 */
export async function serve(root, base = '/nq57/', languages = []) {
  const realRoot = fs.realpathSync(root);
  const server = http.createServer((req, res) => {
    const send = (status, file, extra = {}) => {
      const body = fs.readFileSync(file);
      res.writeHead(status, { 'content-type': contentType(file), 'content-length': body.length, 'cache-control': 'no-store', ...extra });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    const notFound = (pathname) => {
      const rest = pathname.startsWith(base) ? pathname.slice(base.length) : '';
      const lang = languages.find((l) => rest.startsWith(l + '/'));
      const page = path.join(realRoot, lang ? `${lang}/404.html` : '404.html');
      if (fs.existsSync(page)) return send(404, page);
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('not found');
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' });
      return res.end();
    }
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    } catch {
      res.writeHead(400);
      return res.end();
    }
    if (!pathname.startsWith(base)) return notFound(pathname);
    let file = path.join(realRoot, pathname.slice(base.length));
    // never outside the site folder
    if (file !== realRoot && !file.startsWith(realRoot + path.sep)) return notFound(pathname);
    let stat;
    try {
      stat = fs.statSync(file);
    } catch {
      return notFound(pathname);
    }
    if (stat.isDirectory()) {
      if (!pathname.endsWith('/')) {
        res.writeHead(301, { location: pathname + '/' });
        return res.end();
      }
      file = path.join(file, 'index.html');
      if (!fs.existsSync(file)) return notFound(pathname);
    }
    return send(200, file);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    base,
    url: (rel) => origin + base + rel,
    close: () => new Promise((resolve) => { server.closeAllConnections?.(); server.close(resolve); }),
  };
}
