// The index's filters (build/index.html). The form is hidden in the page and shown here, before
// the list below it is drawn: a reader without JavaScript gets the whole list and no controls that
// do nothing. The filters live in the address too (#agency=un-women&year=2016&words=mexico): read
// when the page opens and when the address changes, written as they change, so a filtered view can
// be shared or bookmarked. The page's Content-Security-Policy allows this exact text by its SHA-256,
// nothing else.
(() => {
  "use strict";
  const form = document.getElementById("index-filters");
  const status = document.getElementById("index-status");
  const search = document.getElementById("filter-words");
  const selects = Array.from(form.querySelectorAll("select"));
  // accents and case are ignored: "cote" finds "C\u00f4te"
  const fold = (text) => text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();
  let groups = [];
  let rows = [];
  form.hidden = false;

  function apply() {
    const wanted = selects.filter((select) => select.value).map((select) => `${select.name}:${select.value}`);
    const words = fold(search.value).split(/\s+/).filter(Boolean);
    let shown = 0;
    for (const row of rows) {
      const match = wanted.every((token) => row.facets.has(token)) && words.every((word) => row.words.includes(word));
      row.element.hidden = !match;
      shown += match ? 1 : 0;
    }
    for (const group of groups) {
      group.element.hidden = group.rows.every((row) => row.element.hidden);
    }
    const text = `${shown} of ${rows.length} ${rows.length === 1 ? "brief" : "briefs"} shown`;
    if (status.textContent !== text) {  // the same words again would be announced again
      status.textContent = text;
    }
  }

  // The address holds the filters that are set, in the form's order; an index with none set has none.
  function write() {
    const params = new URLSearchParams();
    for (const field of [...selects, search]) {
      if (field.value.trim()) {
        params.set(field.name, field.value.trim());
      }
    }
    const hash = params.toString() ? `#${params}` : "";
    if (hash !== location.hash && !(hash === "" && location.hash === "#")) {
      history.replaceState(null, "", `${location.pathname}${location.search}${hash}`);
    }
  }

  // What the address asks for, where the form offers it; an anchor such as #un-women-2016 or a
  // value no option has sets nothing.
  function read() {
    const params = new URLSearchParams(location.hash.slice(1));
    if (location.hash.length > 1 && ![...selects, search].some((field) => params.has(field.name))) {
      return;
    }
    for (const select of selects) {
      const value = params.get(select.name) || "";
      select.value = Array.from(select.options).some((option) => option.value === value) ? value : "";
    }
    search.value = params.get(search.name) || "";
  }

  document.addEventListener("DOMContentLoaded", () => {
    groups = Array.from(document.querySelectorAll("section[data-group]"), (element) => ({
      element,
      rows: Array.from(element.querySelectorAll("tr[data-facets]"), (row) => {
        const covers = row.querySelector(".index-covers");
        return {
          element: row,
          facets: new Set(row.dataset.facets.split(" ")),
          // the title, and what the brief also covers with no brief of its own
          words: fold(`${row.cells[0].firstChild.textContent} ${covers ? covers.textContent : ""}`),
        };
      }),
    }));
    rows = groups.flatMap((group) => group.rows);
    read();
    apply();
  });
  window.addEventListener("hashchange", () => {
    read();
    apply();
  });
  form.addEventListener("input", () => {
    apply();
    write();
  });
  form.addEventListener("change", () => {
    apply();
    write();
  });
  form.addEventListener("submit", (event) => event.preventDefault());
  form.addEventListener("reset", () => setTimeout(() => {  // the controls are reset after the event
    apply();
    write();
  }));
})();
