// The /network page: draws the server's network with Cytoscape.js, and keeps the URL in step
// with the controls. Filters reload the page (the server computes the network); size and
// colour only restyle it, so they change the URL in place, except that a network cut to its
// top nodes by the size metric reloads to rank by the new one.
(function () {
  "use strict";

  const SHAPES = { organisation: "ellipse", body: "round-rectangle", activity: "diamond", topic: "hexagon" };

  const form = document.getElementById("network-filters");
  const source = document.getElementById("network-data");
  if (!form) return;

  // Empty fields stay out of the URL, so a shared link holds only what was chosen.
  form.addEventListener("submit", function () {
    for (const field of form.elements) {
      if (field.name && !field.value) field.disabled = true;
    }
  });
  for (const field of form.querySelectorAll("select:not([data-display]), input[type=checkbox]")) {
    field.addEventListener("change", function () { form.requestSubmit(); });
  }
  if (!source || typeof cytoscape === "undefined") return;

  // The page's data: the elements, and the metrics and colours the server uses (network/registry.py, network/draw.py).
  const data = JSON.parse(source.textContent);
  const PALETTE = data.palette;
  const OTHER = data.other;
  const cy = cytoscape({
    container: document.getElementById("network-canvas"),
    elements: data.elements,
    layout: { name: "preset", fit: true, padding: 30 },
    minZoom: 0.1,
    maxZoom: 6,
    style: [
      {
        selector: "node",
        style: {
          "label": "data(display)",
          "font-size": 12,
          "text-valign": "bottom",
          "text-margin-y": 3,
          "color": "#1d2733",
          "text-background-color": "#ffffff",
          "text-background-opacity": 0.7,
          "text-background-padding": 1,
          // Names appear as one zooms in, so a few hundred nodes do not bury each other's names.
          "min-zoomed-font-size": 7,
          "border-width": 1,
          "border-color": "#ffffff",
        },
      },
      { selector: "node.dimmed", style: { "opacity": 0.25 } },
      { selector: "node.highlighted", style: { "border-width": 3, "border-color": "#1d2733" } },
      { selector: "node[?focus]", style: { "border-width": 3, "border-color": "#D55E00" } },
      { selector: "edge", style: { "line-color": "#8a99a8", "opacity": 0.45, "curve-style": "haystack" } },
      { selector: "edge.highlighted", style: { "line-color": "#1d2733", "opacity": 0.9 } },
    ],
  });
  window.networkView = cy;

  const focus = new URLSearchParams(window.location.search).get("focus");
  cy.nodes().forEach(function (node) {
    node.style("shape", SHAPES[node.data("type")] || "ellipse");
    if (focus && (node.data("href") === focus || node.id() === focus)) node.data("focus", true);
  });

  function scale(values, low, high) {
    const least = Math.min(...values), most = Math.max(...values);
    return values.map(function (v) { return most === least ? (low + high) / 2 : low + (high - low) * (v - least) / (most - least); });
  }

  function restyle(size, colour) {
    const nodes = cy.nodes();
    const sizes = scale(nodes.map(function (n) { return Number(n.data(size)) || 0; }), 12, 56);
    const categories = nodes.map(function (n) { return String(n.data(colour)); });
    const counts = {};
    categories.forEach(function (c) { counts[c] = (counts[c] || 0) + 1; });
    const ranked = Object.keys(counts).sort(function (a, b) {
      return counts[b] - counts[a] || (Number(a) - Number(b)) || a.localeCompare(b);
    });
    const colourOf = {};
    ranked.forEach(function (c, i) { colourOf[c] = i < PALETTE.length ? PALETTE[i] : OTHER; });
    nodes.forEach(function (n, i) {
      n.style({ "width": sizes[i], "height": sizes[i], "background-color": colourOf[categories[i]] });
    });
    const edges = cy.edges();
    const widths = scale(edges.map(function (e) { return e.data("weight"); }), 1, 9);
    edges.forEach(function (e, i) { e.style("width", widths[i]); });
    legend(ranked.slice(0, PALETTE.length), colourOf, colour, ranked.length);
  }

  function legend(categories, colourOf, colour, total) {
    const box = document.getElementById("network-legend");
    box.replaceChildren();
    const name = colour === "class" ? "kind" : colour;
    for (const category of categories) {
      const item = document.createElement("span");
      const swatch = document.createElement("i");
      swatch.style.background = colourOf[category];
      item.append(swatch, `${name} ${category}`);
      box.append(item);
    }
    if (total > categories.length) {
      const rest = document.createElement("span");
      const swatch = document.createElement("i");
      swatch.style.background = OTHER;
      rest.append(swatch, `${total - categories.length} more`);
      box.append(rest);
    }
  }

  function format(value, decimals) {
    return typeof value === "number" && !Number.isInteger(value) && decimals !== null ? value.toFixed(decimals) : String(value);
  }

  // Hover: the name and every metric beside the pointer.
  const tip = document.getElementById("network-tip");
  function show(lines, event) {
    tip.replaceChildren();
    lines.forEach(function (line, i) {
      const row = document.createElement(i === 0 ? "strong" : "div");
      row.textContent = line;
      tip.append(row);
    });
    const box = cy.container().getBoundingClientRect();
    tip.style.left = Math.min(event.renderedPosition.x + 14, box.width - 260) + "px";
    tip.style.top = event.renderedPosition.y + 14 + "px";
    tip.hidden = false;
  }
  cy.on("mouseover", "node", function (event) {
    const n = event.target;
    const kind = n.data("class") + (n.data("partner") ? " · partner" : "");
    show([n.data("label"), kind].concat(data.metrics.map(function (m) { return `${m.name}: ${format(n.data(m.key), m.decimals)}`; })), event);
    highlight(n.id(), true);
  });
  cy.on("mouseover", "edge", function (event) {
    const e = event.target;
    const ends = `${e.source().data("label")} — ${e.target().data("label")}`;
    // A topic edge also says how its activities reach the topic (docs/network.md).
    const ways = e.data("by_body") === undefined ? [] : [`${e.data("by_cell")} by their Topic cell, ${e.data("by_body")} through their body`];
    show([ends, `${e.data("weight")} shared: `].concat(ways, e.data("shared")), event);
  });
  cy.on("mouseout", "node, edge", function () {
    tip.hidden = true;
    cy.elements().removeClass("highlighted dimmed");
    rows.forEach(function (row) { row.classList.remove("highlighted"); });
  });
  // Click: the resource's own page.
  cy.on("tap", "node", function (event) {
    const href = event.target.data("href");
    if (href) window.location.assign(href);
  });

  // The table: sortable by any column, and hovering a row points at its node.
  const table = document.getElementById("network-table");
  const body = table.tBodies[0];
  const rows = Array.from(body.rows);
  function highlight(id, fromGraph) {
    const node = cy.getElementById(id);
    cy.elements().addClass("dimmed");
    node.closedNeighborhood().removeClass("dimmed").addClass("highlighted");
    if (fromGraph) {
      const row = rows.find(function (r) { return r.dataset.node === id; });
      if (row) row.classList.add("highlighted");
    }
  }
  rows.forEach(function (row) {
    row.addEventListener("mouseenter", function () { highlight(row.dataset.node, false); });
    row.addEventListener("mouseleave", function () { cy.elements().removeClass("highlighted dimmed"); });
  });
  table.tHead.querySelectorAll("th").forEach(function (th, column) {
    th.tabIndex = 0;
    th.title = "sort";
    function sort() {
      const descending = th.dataset.order !== "desc";
      table.tHead.querySelectorAll("th").forEach(function (other) { delete other.dataset.order; });
      th.dataset.order = descending ? "desc" : "asc";
      const numeric = th.dataset.sort === "number";
      const key = function (row) {
        const cell = row.cells[column];
        return numeric ? Number(cell.dataset.value) : cell.textContent.trim().toLowerCase();
      };
      rows.sort(function (a, b) {
        const x = key(a), y = key(b);
        const order = numeric ? x - y : x.localeCompare(y);
        return descending ? -order : order;
      });
      body.append(...rows);
    }
    th.addEventListener("click", sort);
    th.addEventListener("keydown", function (event) { if (event.key === "Enter") sort(); });
  });

  // Size and colour restyle in place and are kept in the URL.
  const sizeField = form.elements.namedItem("size");
  const colourField = form.elements.namedItem("colour");
  function display() {
    if (data.truncated && sizeField.value !== data.size) {
      form.requestSubmit();
      return;
    }
    restyle(sizeField.value, colourField.value);
    const url = new URL(window.location.href);
    url.searchParams.set("size", sizeField.value);
    url.searchParams.set("colour", colourField.value);
    window.history.replaceState(null, "", url);
  }
  sizeField.addEventListener("change", display);
  colourField.addEventListener("change", display);
  restyle(data.size, data.colour);
  document.body.dataset.networkReady = String(cy.nodes().length);
})();
