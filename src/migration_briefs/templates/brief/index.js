// The index's filters (build/index.html). The form is hidden in the page and shown here, before
// the list below it is drawn: a reader without JavaScript gets the whole list and no controls that
// do nothing. The page's Content-Security-Policy allows this exact text by its SHA-256, nothing else.
(() => {
  "use strict";
  const form = document.getElementById("index-filters");
  const status = document.getElementById("index-status");
  const search = document.getElementById("filter-title");
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
      const match = wanted.every((token) => row.facets.has(token)) && words.every((word) => row.title.includes(word));
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

  document.addEventListener("DOMContentLoaded", () => {
    groups = Array.from(document.querySelectorAll("section[data-group]"), (element) => ({
      element,
      rows: Array.from(element.querySelectorAll("tr[data-facets]"), (row) => ({
        element: row,
        facets: new Set(row.dataset.facets.split(" ")),
        title: fold(row.cells[0].firstChild.textContent),
      })),
    }));
    rows = groups.flatMap((group) => group.rows);
    apply();
  });
  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  form.addEventListener("submit", (event) => event.preventDefault());
  form.addEventListener("reset", () => setTimeout(apply));  // the controls are reset after the event
})();
