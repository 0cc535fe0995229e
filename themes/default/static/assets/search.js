/* minhbach: the search box in the header, over HTTP. site.js loads this module when a reader
   first uses the box; it loads Pagefind's script from the site's own pagefind/ folder, which
   fetches the index of the page's language piece by piece. No other host is contacted.
   Results link relative to the page, so the site works under any sub-path. */
const MAX_RESULTS = 10;
/* Reports listed under a commune whose reports, not its name, hold the words searched. */
const MAX_REPORTS = 3;
const box = document.querySelector(".site-search");
if (box && !box.hasAttribute("data-search-ready")) start(box);

function text(key, values) {
  let s = box.getAttribute("data-" + key) || "";
  for (const [k, v] of Object.entries(values || {})) s = s.split("{" + k + "}").join(String(v));
  return s;
}

/* Pagefind marks the words found with <mark> and escapes < and >: rebuild the excerpt as
   text and <mark> elements, never as HTML. */
function excerptInto(p, excerpt) {
  const unescape = (s) => s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
  excerpt.split(/(<mark>[\s\S]*?<\/mark>)/).forEach((part) => {
    if (!part) return;
    const marked = /^<mark>([\s\S]*)<\/mark>$/.exec(part);
    if (marked) {
      const m = document.createElement("mark");
      m.textContent = unescape(marked[1]);
      p.appendChild(m);
    } else {
      p.appendChild(document.createTextNode(unescape(part)));
    }
  });
}

function link(href, label) {
  const a = document.createElement("a");
  a.href = href;
  a.textContent = label;
  return a;
}

/* A commune's record holds its reports as sections, each under a heading whose id is the
   report's id (meta "reports" is the folder of their pages). Pagefind gives a sub-result per
   section the words were found in, and one without anchor when they are in the name: then the
   commune itself is the answer. Otherwise its reports with the most words found, newest first
   among equals. */
function reportsFound(d) {
  const subs = d.sub_results || [];
  if (!d.meta || !d.meta.reports || subs.some((s) => !s.anchor)) return [];
  return subs
    .filter((s) => s.anchor && s.anchor.id)
    .map((s, i) => ({ s, i }))
    .sort((a, b) => (b.s.locations || []).length - (a.s.locations || []).length || b.i - a.i)
    .slice(0, MAX_REPORTS)
    .map((x) => x.s);
}

async function start(box) {
  box.setAttribute("data-search-ready", "1");
  const input = box.querySelector("input");
  const status = box.querySelector(".site-search-status");
  const root = box.getAttribute("data-root") || "";
  const results = document.createElement("ul");
  results.id = "site-search-results";
  results.className = "site-search-results";
  results.setAttribute("aria-label", text("results-label"));
  results.hidden = true;
  status.after(results);
  input.setAttribute("aria-controls", results.id);

  let pagefind;
  try {
    pagefind = await import(new URL("../pagefind/pagefind.js", import.meta.url).href);
    await pagefind.options({ excerptLength: 18 });
    await pagefind.init();
  } catch (e) {
    status.textContent = text("failed");
    return;
  }
  status.textContent = "";

  let last = null;
  async function run() {
    const q = input.value.trim();
    if (q === last) return;
    last = q;
    if (!q) {
      results.hidden = true;
      results.replaceChildren();
      status.textContent = "";
      return;
    }
    const search = await pagefind.debouncedSearch(q, {}, 150);
    if (search === null || q !== input.value.trim()) return; // a newer search replaced it
    const shown = await Promise.all(search.results.slice(0, MAX_RESULTS).map((r) => r.data()));
    if (q !== input.value.trim()) return;
    const items = shown.map((d) => {
      const li = document.createElement("li");
      const title = (d.meta && d.meta.title) || d.raw_url;
      // raw_url is the address from the site root, as the build recorded it.
      li.appendChild(link(root + String(d.raw_url || "").replace(/^\/+/, ""), title));
      const found = reportsFound(d);
      if (found.length) {
        // The words are in the commune's reports, not its name: list those reports under it.
        const list = document.createElement("ul");
        for (const s of found) {
          const item = document.createElement("li");
          item.appendChild(link(root + d.meta.reports + s.anchor.id + ".html", s.title));
          if (s.excerpt) {
            const p = document.createElement("p");
            excerptInto(p, s.excerpt);
            item.appendChild(p);
          }
          list.appendChild(item);
        }
        li.appendChild(list);
      } else if (!(d.meta && d.meta.reports) && d.excerpt && d.plain_excerpt !== title) {
        const p = document.createElement("p");
        excerptInto(p, d.excerpt);
        li.appendChild(p);
      }
      return li;
    });
    results.replaceChildren(...items);
    results.hidden = items.length === 0;
    const n = search.results.length;
    if (!n) status.textContent = text("none");
    else if (n > shown.length) status.textContent = text("shown", { shown: shown.length, n });
    else status.textContent = n === 1 ? text("count-one") : text("count", { n });
  }

  const links = () => Array.from(results.querySelectorAll("a"));
  input.addEventListener("input", run);
  input.addEventListener("search", run);
  input.addEventListener("keydown", (e) => {
    if (e.key === "ArrowDown" && links().length) {
      e.preventDefault();
      links()[0].focus();
    } else if (e.key === "Enter") {
      e.preventDefault();
      const first = links()[0];
      if (first) window.location.href = first.href;
      else if (input.value.trim()) window.location.href = box.getAttribute("data-list") + "?q=" + encodeURIComponent(input.value.trim());
    } else if (e.key === "Escape" && !results.hidden) {
      e.preventDefault();
      input.value = "";
      run();
    }
  });
  results.addEventListener("keydown", (e) => {
    const all = links();
    const at = all.indexOf(document.activeElement);
    if (at < 0) return;
    if (e.key === "ArrowDown" && at + 1 < all.length) { e.preventDefault(); all[at + 1].focus(); }
    else if (e.key === "ArrowUp") { e.preventDefault(); (at > 0 ? all[at - 1] : input).focus(); }
    else if (e.key === "Escape") { e.preventDefault(); input.focus(); }
  });
  if (input.value.trim()) run();
}
