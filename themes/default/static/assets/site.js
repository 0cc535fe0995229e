/* minhbach: small progressive enhancement. Filter and sort tables, make wide report tables
   reachable by keyboard, start the search box; everything works without it.
   No network, no storage, no analytics. */
(function () {
  "use strict";
  if (!document.querySelectorAll || !Array.prototype.forEach) return;

  function each(list, fn) { Array.prototype.forEach.call(list, fn); }

  // Same folding as the data-search attributes: lowercase, no diacritics, đ → d.
  function fold(s) {
    s = String(s || "").toLowerCase();
    if (s.normalize) s = s.normalize("NFD");
    return s.replace(/[\u0300-\u036f]/g, "").replace(/\u0111/g, "d");
  }

  function bodyRows(table) {
    var rows = [];
    each(table.tBodies, function (tb) { each(tb.rows, function (r) { rows.push(r); }); });
    return rows;
  }

  /* ---- 0. folded parts ---- */
  // A link to something inside a closed <details> opens it; printing opens them all, so that
  // a printed page has every figure.
  function openAround(el) {
    for (; el; el = el.parentNode) {
      if (el.tagName === "DETAILS") el.open = true;
    }
  }
  function openTarget() {
    var id = decodeURIComponent((location.hash || "").slice(1));
    if (id) openAround(document.getElementById(id));
  }
  window.addEventListener("hashchange", openTarget);
  openTarget();
  window.addEventListener("beforeprint", function () {
    each(document.querySelectorAll("details"), function (d) { d.open = true; });
  });

  /* ---- 1. filter ---- */
  var uid = 0;
  function setupFilter(block) {
    var scroll = block.querySelector(".table-scroll");
    var table = block.querySelector("table");
    if (!scroll || !table || block.querySelector(".table-filter")) return;
    var rows = bodyRows(table).filter(function (r) { return r.hasAttribute("data-search"); });
    if (!rows.length) return;
    uid += 1;
    var id = "table-filter-" + uid;

    var wrap = document.createElement("div");
    wrap.className = "table-filter";
    var label = document.createElement("label");
    label.htmlFor = id;
    label.textContent = block.getAttribute("data-filter-label") || "Filter";
    var input = document.createElement("input");
    input.type = "search";
    input.id = id;
    input.autocomplete = "off";
    input.spellcheck = false;
    input.setAttribute("autocapitalize", "off");
    if (table.id) input.setAttribute("aria-controls", table.id);
    var ph = block.getAttribute("data-filter-placeholder");
    if (ph) input.placeholder = ph;
    var status = document.createElement("p");
    status.className = "filter-status";
    status.id = id + "-status";
    status.setAttribute("aria-live", "polite");
    input.setAttribute("aria-describedby", status.id);
    wrap.appendChild(label);
    wrap.appendChild(input);
    wrap.appendChild(status);
    block.insertBefore(wrap, scroll);

    var noMatch = block.getAttribute("data-no-match") || "0";
    var timer = null;
    var last = null;

    function apply() {
      timer = null;
      var q = fold(input.value).split(/\s+/).filter(Boolean);
      var key = q.join(" ");
      if (key === last) return;
      last = key;
      var shown = 0;
      rows.forEach(function (r) {
        var hay = r.getAttribute("data-search") || "";
        var ok = q.every(function (w) { return hay.indexOf(w) !== -1; });
        r.hidden = !ok;
        if (ok) shown += 1;
      });
      if (!q.length) status.textContent = "";
      else if (!shown) status.textContent = noMatch;
      else status.textContent = shown + " / " + rows.length;
    }
    input.addEventListener("input", function () {
      if (timer) clearTimeout(timer);
      timer = setTimeout(apply, 120);
    });
    input.addEventListener("keydown", function (e) {
      if (e.key === "Enter") { e.preventDefault(); if (timer) clearTimeout(timer); apply(); }
    });
    input.addEventListener("search", apply);
    // The search box sends a reader here with the words typed (a site opened from disk).
    var param = block.getAttribute("data-filter-from-address");
    if (param && window.URLSearchParams) {
      try { input.value = new URLSearchParams(window.location.search).get(param) || ""; } catch (e) {}
    }
    if (input.value) apply();
  }

  /* ---- 2. sort ---- */
  var collator = null;
  try { collator = new Intl.Collator("vi", { sensitivity: "base", numeric: true }); } catch (e) { collator = null; }
  function compareText(a, b) {
    if (collator) return collator.compare(a, b);
    return a < b ? -1 : a > b ? 1 : 0;
  }

  function cellKey(cell) {
    if (!cell) return { num: null, text: "" };
    if (cell.hasAttribute("data-sort")) {
      var raw = cell.getAttribute("data-sort").trim();
      var n = raw === "" ? NaN : Number(raw);
      return { num: isFinite(n) ? n : null, numeric: true, text: "" };
    }
    var a = cell.querySelector("a");
    return { num: null, numeric: false, text: ((a || cell).textContent || "").replace(/\s+/g, " ").trim() };
  }

  function setupSort(table) {
    var thead = table.tHead;
    var tbody = table.tBodies[0];
    if (!thead || !tbody || !thead.rows.length || table.getAttribute("data-sort-ready")) return;
    table.setAttribute("data-sort-ready", "1");
    var block = table.closest ? table.closest("[data-sort-label]") : null;
    var sortLabel = (block && block.getAttribute("data-sort-label")) || "Sort";
    var heads = Array.prototype.slice.call(thead.rows[thead.rows.length - 1].cells);

    // remember the original order as the tie-breaker
    each(tbody.rows, function (r, i) { r.setAttribute("data-order", i); });

    heads.forEach(function (th, col) {
      var name = (th.textContent || "").replace(/\s+/g, " ").trim();
      var btn = document.createElement("button");
      btn.type = "button";
      btn.className = "sort";
      btn.setAttribute("aria-label", sortLabel + ": " + name);
      var icon = document.createElement("span");
      icon.className = "sort-icon";
      icon.setAttribute("aria-hidden", "true");
      if (th.querySelector("a, button, input, select, textarea")) {
        // keep the link; add a separate small button after it
        btn.appendChild(icon);
        th.appendChild(btn);
      } else {
        // the whole header text becomes the button
        while (th.firstChild) btn.appendChild(th.firstChild);
        btn.appendChild(icon);
        th.appendChild(btn);
      }
      btn.addEventListener("click", function () {
        var dir = th.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
        heads.forEach(function (h) { if (h !== th) h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", dir);
        sortBy(tbody, col, dir === "ascending" ? 1 : -1);
      });
    });
  }

  function sortBy(tbody, col, sign) {
    var items = Array.prototype.map.call(tbody.rows, function (r) {
      return { row: r, key: cellKey(r.cells[col]), order: Number(r.getAttribute("data-order")) || 0 };
    });
    items.sort(function (x, y) {
      var a = x.key, b = y.key, c = 0;
      if (a.numeric || b.numeric) {
        // empty values always last, whatever the direction
        if (a.num === null && b.num === null) c = 0;
        else if (a.num === null) return 1;
        else if (b.num === null) return -1;
        else c = (a.num - b.num) * sign;
      } else {
        if (!a.text && !b.text) c = 0;
        else if (!a.text) return 1;
        else if (!b.text) return -1;
        else c = compareText(a.text, b.text) * sign;
      }
      return c || x.order - y.order;
    });
    var frag = document.createDocumentFragment();
    items.forEach(function (it) { frag.appendChild(it.row); });
    tbody.appendChild(frag);
  }

  /* ---- 3. a wide table in a report or page text scrolls in its own box: reachable by keyboard ---- */
  function markScrollers() {
    each(document.querySelectorAll(".report-body table, .free-page table"), function (t) {
      if (t.scrollWidth > t.clientWidth + 1) {
        if (!t.hasAttribute("tabindex")) t.setAttribute("tabindex", "0");
      } else if (t.getAttribute("tabindex") === "0") {
        t.removeAttribute("tabindex");
      }
    });
  }

  /* ---- 4. the search box in the header ----
     Over HTTP its first use loads assets/search.js (a module: Pagefind's script and index stay
     unloaded until a reader searches). From disk the browser refuses what Pagefind fetches, so
     the box says so, and Enter opens the list of communes filtered by the words typed. */
  function setupSearch(box) {
    var input = box.querySelector("input");
    var status = box.querySelector(".site-search-status");
    if (!input || !status) return;
    var list = box.getAttribute("data-list") || "";
    if (window.location.protocol === "file:") {
      input.addEventListener("focus", function () { status.textContent = box.getAttribute("data-offline") || ""; });
      input.addEventListener("keydown", function (e) {
        if (e.key !== "Enter") return;
        e.preventDefault();
        var q = input.value.replace(/^\s+|\s+$/g, "");
        window.location.href = list + (q ? "?q=" + encodeURIComponent(q) : "");
      });
      return;
    }
    var loaded = false;
    function load() {
      if (loaded) return;
      loaded = true;
      status.textContent = box.getAttribute("data-loading") || "";
      var script = document.createElement("script");
      script.type = "module";
      script.src = (box.getAttribute("data-root") || "") + "assets/search.js";
      script.addEventListener("error", function () { status.textContent = box.getAttribute("data-failed") || ""; });
      document.head.appendChild(script);
    }
    input.addEventListener("focus", load);
    input.addEventListener("input", load);
  }

  function init() {
    try { each(document.querySelectorAll(".table-block.filterable"), function (b) { try { setupFilter(b); } catch (e) { /* leave the table as it is */ } }); } catch (e) {}
    try { each(document.querySelectorAll("table.sortable"), function (t) { try { setupSort(t); } catch (e) { /* leave the table as it is */ } }); } catch (e) {}
    try { each(document.querySelectorAll(".site-search"), setupSearch); } catch (e) {}
    try {
      markScrollers();
      var resizeTimer = null;
      window.addEventListener("resize", function () {
        if (resizeTimer) clearTimeout(resizeTimer);
        resizeTimer = setTimeout(markScrollers, 200);
      });
    } catch (e) {}
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
