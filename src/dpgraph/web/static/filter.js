// The activities index filters on the server; a static copy of the site has no server, so
// this applies the same query parameters to the rows' data-* values in the browser.
(function () {
  const table = document.querySelector("table[data-filterable]");
  if (!table) return;
  const form = document.querySelector("form.filters");
  const params = [...new URLSearchParams(window.location.search)].filter(
    ([name, value]) => value && form.querySelector(`select[name="${name}"]`)
  );
  for (const [name, value] of params) form.querySelector(`select[name="${name}"]`).value = value;
  let shown = 0;
  for (const row of table.tBodies[0].rows) {
    const keep = params.every(([name, value]) => {
      const values = row.getAttribute(`data-${name}`);
      return values === null || values.split(" ").includes(value);
    });
    row.hidden = !keep;
    shown += keep ? 1 : 0;
  }
  document.querySelector("[data-count]").textContent = shown;
  document.querySelector("[data-plural]").hidden = shown === 1;
  pointDownloads(params);

  // The server renders the JSON and CSV links of the filters it applied; a static copy's page
  // was rendered with none, so its links give every row. One filter's rows have files of their
  // own (activities/year/2019.csv, as the server names them); for several there is none, and
  // the page says that the links give every row.
  function pointDownloads(params) {
    const rendered = new URLSearchParams(document.querySelector("[data-selected]").dataset.selected);
    const asked = new URLSearchParams(params);
    rendered.sort();
    asked.sort();
    if (rendered.toString() === asked.toString()) return;
    const [name, value] = params.length === 1 ? params[0] : [];
    const offered = name && [...form.querySelector(`select[name="${name}"]`).options].some((o) => o.value === value);
    document.querySelector("[data-every-row]").hidden = Boolean(offered);
    if (!offered) return;
    for (const link of document.querySelectorAll("[data-download]")) {
      const ext = link.dataset.download;
      const stem = link.getAttribute("href").split("?")[0].slice(0, -(ext.length + 1));
      link.setAttribute("href", `${stem}/${name}/${encodeURIComponent(value)}.${ext}`);
    }
  }
})();
