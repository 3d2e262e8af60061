// The query page: YASGUI on this endpoint only (no endpoint catalogue, no remote autocompletion),
// the project's prefixes in every new tab, and each canned query one click away.
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("sparql-ui-data").textContent);
  // The page gives the endpoint's path; its origin is the one this page was loaded from (the CSP's connect-src 'self').
  data.endpoint = new URL(data.endpoint, window.location.href).href;
  const prologue = Object.entries(data.prefixes).map(([prefix, iri]) => `PREFIX ${prefix}: <${iri}>`).join("\n");
  Yasgui.Yasqe.defaults.value = `${prologue}\n\nSELECT ?s ?p ?o WHERE {\n  ?s ?p ?o\n}\nLIMIT 10\n`;
  const yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: data.endpoint, method: "POST" },
    copyEndpointOnNewTab: false,
    endpointCatalogueOptions: { getData: () => [{ endpoint: data.endpoint }] },
    persistenceId: "dpgraph-sparql",
    // "class" and "property" ask a remote vocabulary service; the page stays on this site.
    yasqe: { autocompleters: ["prefixes", "variables"] },
  });
  window.dpgraphYasgui = yasgui;
  for (const button of document.querySelectorAll("button[data-query]")) {
    button.addEventListener("click", () => {
      const tab = yasgui.getTab();
      tab.setQuery(data.queries[button.dataset.query]);
      tab.query();
    });
  }
})();
