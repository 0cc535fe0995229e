/* minhbach: the search box in the header, over HTTP. site.js loads this module when a reader
   first uses the box; it loads Pagefind's script from the site's own pagefind/ folder, which
   fetches the index of the page's language piece by piece. No other host is contacted.
   Results link relative to the page, so the site works under any sub-path. */
const MAX_RESULTS = 10;
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
      const a = document.createElement("a");
      // raw_url is the address from the site root, as the build recorded it.
      a.href = root + String(d.raw_url || "").replace(/^\/+/, "");
      const title = (d.meta && d.meta.title) || d.raw_url;
      a.textContent = title;
      li.appendChild(a);
      if (d.excerpt && d.plain_excerpt !== title) {
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
