// HTML validity: the Nu HTML Checker (vnu-jar) over every site in one JVM — every .html page,
// and the chart SVGs and the stylesheet as well (--also-check-svg --also-check-css).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** `targets`: folders and/or files. Returns { files, errors: [{file, line, message}] }. */
export async function runVnu(targets, countFiles) {
  const jar = path.join(path.dirname(require.resolve('vnu-jar/package.json')), 'build/dist/vnu.jar');
  // Many files: split the command line into chunks (each one JVM run).
  const chunks = [];
  let cur = [];
  let len = 0;
  for (const t of targets) {
    if (len + t.length > 100000 && cur.length) { chunks.push(cur); cur = []; len = 0; }
    cur.push(t); len += t.length + 1;
  }
  if (cur.length) chunks.push(cur);
  const errors = [];
  for (const chunk of chunks) {
    const out = await new Promise((resolve, reject) => {
      const p = spawn('java', ['-Xss4m', '-jar', jar, '--errors-only', '--format', 'json', '--stdout', '--skip-non-html', '--also-check-svg', '--also-check-css', ...chunk], { stdio: ['ignore', 'pipe', 'pipe'] });
      let so = '';
      let se = '';
      p.stdout.on('data', (d) => { so += d; });
      p.stderr.on('data', (d) => { se += d; });
      p.on('error', reject);
      p.on('close', (code) => resolve({ code, so, se }));
    });
    let json;
    try { json = JSON.parse(out.so); } catch {
      errors.push({ file: '(vnu)', line: 0, message: `vnu did not run (exit ${out.code}): ${(out.se || out.so).slice(0, 500)}` });
      continue;
    }
    for (const m of json.messages || []) {
      if (m.type === 'error' || m.subType === 'fatal' || m.type === 'non-document-error') {
        errors.push({ file: (m.url || '').replace(/^file:/, ''), line: m.lastLine || 0, message: m.message + (m.extract ? ` — ${m.extract.replace(/\s+/g, ' ').slice(0, 120)}` : '') });
      }
    }
  }
  return { files: countFiles, errors };
}
