// What the address's #fragment points at, made visible:
// - on a document page, #L12 or #L12-L15 highlights those lines (any range, not only the excerpts
//   the graph cites, which have anchors of their own) and scrolls the first into view;
// - a fragment inside a closed <details> (a result of /validation, #r-...) opens it.
// Both again on every change of the fragment.
(function () {
  const RANGE = /^#L(\d+)(?:-L?(\d+))?$/;
  const text = document.querySelector(".source.document");

  function highlight() {
    if (!text) return;
    for (const line of text.querySelectorAll(".line.highlight")) line.classList.remove("highlight");
    const match = RANGE.exec(window.location.hash);
    if (!match) return;
    let [first, last] = [Number(match[1]), Number(match[2] || match[1])];
    if (last < first) [first, last] = [last, first];
    let top = null;
    for (const line of text.querySelectorAll(".line[id^='L']")) {
      const n = Number(line.id.slice(1));
      if (n < first || n > last) continue;
      line.classList.add("highlight");
      top = top || line;
    }
    if (top) top.scrollIntoView({ block: "start" });
  }

  function openTarget() {
    let id;
    try {
      id = decodeURIComponent(window.location.hash.slice(1));
    } catch (error) {
      return;
    }
    const target = id && document.getElementById(id);
    if (!target) return;
    let opened = false;
    for (let node = target; node; node = node.parentElement) {
      if (node.tagName === "DETAILS" && !node.open) {
        node.open = true;
        opened = true;
      }
    }
    if (opened) target.scrollIntoView({ block: "start" });
  }

  function show() {
    openTarget();
    highlight();
  }

  show();
  window.addEventListener("hashchange", show);
})();
