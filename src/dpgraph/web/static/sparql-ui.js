// The query page: YASGUI on this endpoint only (no endpoint catalogue, no remote autocompletion),
// the project's prefixes in every new tab, and each canned query one click away.
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("sparql-ui-data").textContent);
  // The page gives the endpoint's path; its origin is the one this page was loaded from (the CSP's connect-src 'self').
  data.endpoint = new URL(data.endpoint, window.location.href).href;
  const prologue = Object.entries(data.prefixes).map(([prefix, iri]) => `PREFIX ${prefix}: <${iri}>`).join("\n");
  Yasgui.Yasqe.defaults.value = `${prologue}\n\nSELECT ?s ?p ?o WHERE {\n  ?s ?p ?o\n}\nLIMIT 10\n`;
  // The endpoint's syntax error ("SPARQL syntax error at line L, column C: found X; expected Y",
  // src/dpgraph/rdf/sparql_errors.py) as three short lines, and the editor's cursor put there.
  const SYNTAX = /^SPARQL syntax error at line (\d+), column (\d+): found (.*?); expected (.*)$/s;
  function syntaxError(error) {
    const found = SYNTAX.exec((error && error.text ? String(error.text) : "").trim());
    if (!found) return undefined;
    const [, line, column, token, expected] = found;
    const box = document.createElement("div");
    box.className = "dpgraph-syntax-error";
    for (const [label, value] of [["SPARQL syntax error at", `line ${line}, column ${column}`], ["found", token], ["expected", expected]]) {
      const row = document.createElement("p");
      const name = document.createElement("strong");
      name.textContent = `${label} `;
      row.append(name, value);
      box.appendChild(row);
    }
    // A response restored from storage is drawn while YASGUI starts, before window.dpgraphYasgui is set.
    const yasqe = window.dpgraphYasgui ? window.dpgraphYasgui.getTab().getYasqe() : undefined;
    const text = yasqe ? yasqe.getLine(Number(line) - 1) : undefined;
    if (text !== undefined) {
      // The column counts characters; CodeMirror counts UTF-16 units.
      const ch = Array.from(text).slice(0, Number(column) - 1).join("").length;
      yasqe.setCursor({ line: Number(line) - 1, ch });
    }
    return box;
  }
  // Each tab's results take the defaults' renderers (after YASGUI's own for CORS failures).
  Yasgui.Yasr.defaults.errorRenderers = [syntaxError];
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
