/* Workflow template drawing: opens where the graph starts, zoom (buttons, Ctrl + wheel) and
   pan (drag). Plain JavaScript, no inline handlers (the pages run under a strict CSP). */
(function () {
  "use strict";
  function setup(box) {
    var svg = box.querySelector("svg.template-graph");
    if (!svg) { return; }
    var baseW = parseFloat(svg.getAttribute("width"));
    var baseH = parseFloat(svg.getAttribute("height"));
    var startX = parseFloat(svg.dataset.startX || "0");
    var startY = parseFloat(svg.dataset.startY || "0");
    var scale = 1;

    function apply(newScale, cx, cy) {
      // keep the point (cx, cy) of the viewport where it is while the scale changes
      var px = (box.scrollLeft + cx) / scale, py = (box.scrollTop + cy) / scale;
      scale = Math.max(0.1, Math.min(3, newScale));
      svg.setAttribute("width", String(Math.round(baseW * scale)));
      svg.setAttribute("height", String(Math.round(baseH * scale)));
      box.scrollLeft = px * scale - cx;
      box.scrollTop = py * scale - cy;
    }
    function toStart() {
      box.scrollLeft = Math.max(0, startX * scale - box.clientWidth / 2);
      box.scrollTop = Math.max(0, startY * scale - 40);
    }
    function fit() {
      var s = Math.min(box.clientWidth / baseW, box.clientHeight / baseH, 1);
      apply(s, 0, 0);
      box.scrollLeft = 0; box.scrollTop = 0;
    }
    var tools = box.previousElementSibling;
    if (tools && tools.classList.contains("graph-tools")) {
      tools.addEventListener("click", function (ev) {
        var which = ev.target && ev.target.getAttribute("data-graph-zoom");
        var cx = box.clientWidth / 2, cy = box.clientHeight / 2;
        if (which === "in") { apply(scale * 1.25, cx, cy); }
        else if (which === "out") { apply(scale / 1.25, cx, cy); }
        else if (which === "fit") { fit(); }
        else if (which === "start") { apply(1, cx, cy); toStart(); }
      });
    }
    box.addEventListener("wheel", function (ev) {
      if (!ev.ctrlKey) { return; }
      ev.preventDefault();
      var r = box.getBoundingClientRect();
      apply(scale * (ev.deltaY < 0 ? 1.1 : 1 / 1.1), ev.clientX - r.left, ev.clientY - r.top);
    }, { passive: false });
    var drag = null, moved = false;
    box.addEventListener("pointerdown", function (ev) {
      if (ev.button !== 0) { return; }
      drag = { x: ev.clientX, y: ev.clientY, left: box.scrollLeft, top: box.scrollTop };
      moved = false;
    });
    window.addEventListener("pointermove", function (ev) {
      if (!drag) { return; }
      var dx = ev.clientX - drag.x, dy = ev.clientY - drag.y;
      if (Math.abs(dx) + Math.abs(dy) > 4) { moved = true; box.classList.add("dragging"); }
      box.scrollLeft = drag.left - dx; box.scrollTop = drag.top - dy;
    });
    window.addEventListener("pointerup", function () {
      drag = null; box.classList.remove("dragging");
    });
    // a drag that ends on a node must not open it
    box.addEventListener("click", function (ev) {
      if (moved) { ev.preventDefault(); ev.stopPropagation(); moved = false; }
    }, true);
    toStart();
  }
  function init() {
    var boxes = document.querySelectorAll("[data-graph]");
    for (var i = 0; i < boxes.length; i++) { setup(boxes[i]); }
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); }
  else { init(); }
})();
