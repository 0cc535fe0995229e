// Keyboard and screen-reader basics, per page type: the first Tab reaches a visible skip link that
// moves focus to the main content; every focused element shows a focus indicator; no positive
// tabindex reorders focus; charts have text alternatives; tables have captions and header scopes.

const USER_CONTENT = '.report-body, .free-page';

/** Returns a list of problems (strings) for the page loaded in `page`. */
export async function keyboardProblems(page) {
  const problems = [];
  await page.evaluate(() => { document.activeElement?.blur?.(); window.scrollTo(0, 0); });
  await page.keyboard.press('Tab');
  const first = await page.evaluate(() => {
    const a = document.activeElement;
    const r = a.getBoundingClientRect();
    const href = a.getAttribute('href') || '';
    const target = href.startsWith('#') ? document.getElementById(href.slice(1)) : null;
    return {
      tag: a.tagName.toLowerCase(), cls: a.className, href, text: (a.textContent || '').trim(),
      visible: r.width > 0 && r.height > 0 && r.top >= 0 && r.bottom <= innerHeight,
      targetOk: !!target && (target.tagName === 'MAIN' || target.getAttribute('role') === 'main' || !!target.closest('main')),
    };
  });
  if (first.tag !== 'a' || !first.href.startsWith('#')) problems.push(`first Tab focuses <${first.tag} class="${first.cls}">, not a skip link`);
  else {
    if (!first.targetOk) problems.push(`skip link ${first.href} does not target the main content`);
    if (!first.visible) problems.push('skip link is not visible when focused');
    if (!first.text) problems.push('skip link has no text');
    await page.keyboard.press('Enter');
    const after = await page.evaluate(() => {
      const a = document.activeElement;
      return { id: a.id, inMain: !!a.closest('main'), tag: a.tagName.toLowerCase() };
    });
    if (!after.inMain && after.tag !== 'main') problems.push(`after Enter on the skip link focus is on <${after.tag} id="${after.id}">, not the main content`);
  }
  // focus indicator on the first focusable elements from the top
  await page.evaluate(() => { document.activeElement?.blur?.(); window.scrollTo(0, 0); });
  const seen = [];
  for (let i = 0; i < 14; i++) {
    await page.keyboard.press('Tab');
    const f = await page.evaluate(() => {
      const a = document.activeElement;
      if (!a || a === document.body) return null;
      const cs = getComputedStyle(a);
      const outline = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0;
      const shadow = cs.boxShadow && cs.boxShadow !== 'none';
      return { desc: `${a.tagName.toLowerCase()}${a.className ? '.' + String(a.className).split(' ')[0] : ''} "${(a.textContent || a.getAttribute('aria-label') || '').trim().slice(0, 30)}"`, ok: outline || shadow };
    });
    if (!f) break;
    seen.push(f);
    if (!f.ok) problems.push(`no visible focus indicator on ${f.desc}`);
  }
  if (!seen.length) problems.push('Tab reaches nothing');
  const dom = await page.evaluate((userContent) => {
    const out = [];
    for (const el of document.querySelectorAll('[tabindex]')) {
      if (Number(el.getAttribute('tabindex')) > 0) out.push(`positive tabindex on <${el.tagName.toLowerCase()}>`);
    }
    for (const img of document.querySelectorAll('img')) {
      if (!img.hasAttribute('alt')) out.push(`<img src="${img.getAttribute('src')}"> has no alt`);
    }
    for (const fig of document.querySelectorAll('figure.chart')) {
      const img = fig.querySelector('img, object, svg');
      const alt = img && (img.getAttribute('alt') || img.getAttribute('aria-label') || img.getAttribute('aria-describedby') || img.getAttribute('aria-labelledby'));
      if (!img) out.push('chart figure without an image');
      else if (!alt || !alt.trim()) out.push(`chart ${img.getAttribute('src')} has no text alternative`);
      const cap = fig.querySelector('figcaption');
      if (!cap && !(alt && alt.trim())) out.push('chart figure without a caption or text alternative');
    }
    let userTables = 0;
    for (const t of document.querySelectorAll('table')) {
      if (t.closest(userContent)) { userTables++; continue; }
      const cap = t.caption && t.caption.textContent.trim();
      if (!cap) out.push(`table${t.id ? '#' + t.id : ''} has no caption`);
      for (const th of t.querySelectorAll('th')) {
        const s = th.getAttribute('scope');
        if (!['col', 'row', 'colgroup', 'rowgroup'].includes(s)) { out.push(`table "${cap || t.id}": <th> "${th.textContent.trim().slice(0, 30)}" has no scope`); break; }
      }
    }
    return { out, userTables };
  }, USER_CONTENT);
  problems.push(...dom.out);
  return problems;
}
