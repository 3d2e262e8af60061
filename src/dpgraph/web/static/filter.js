// The activities index filters on the server; a static copy of the site has no server, so
// this applies the same query parameters to the rows' data-* values in the browser.
(function () {
  const table = document.querySelector("table[data-filterable]");
  if (!table) return;
  const params = [...new URLSearchParams(window.location.search)].filter(([, value]) => value);
  for (const [name, value] of params) {
    const select = document.querySelector(`form.filters select[name="${name}"]`);
    if (select) select.value = value;
  }
  let shown = 0;
  for (const row of table.tBodies[0].rows) {
    const keep = params.every(([name, value]) => {
      const values = row.getAttribute(`data-${name}`);
      return values === null || values.split(" ").includes(value);
    });
    row.hidden = !keep;
    shown += keep ? 1 : 0;
  }
  const count = document.querySelector("[data-count]");
  if (count) count.textContent = shown;
})();
