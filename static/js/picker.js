/* A searchable multi-picker for <select multiple data-picker>: type to find, click to add,
   × to remove, and a counter that shows the limit (data-max) as it fills. The <select> stays
   the form field (hidden), so the page works unchanged without JavaScript. No inline code. */
(function () {
  "use strict";
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined) { e.textContent = text; }
    return e;
  }
  function setup(select) {
    var max = parseInt(select.dataset.max || "0", 10);
    var tpl = select.dataset.countText || "%(n)s / %(max)s";
    var fullText = select.dataset.fullText || "";
    var wrap = el("div", "picker");
    var chips = el("ul", "picker-chips");
    var count = el("p", "picker-count");
    count.setAttribute("aria-live", "polite");
    var search = el("input", "picker-search");
    search.type = "search";
    search.maxLength = 50;
    search.placeholder = select.dataset.searchText || "";
    search.setAttribute("aria-label", search.placeholder);
    var list = el("ul", "picker-options");
    list.setAttribute("role", "listbox");
    wrap.appendChild(count); wrap.appendChild(chips); wrap.appendChild(search); wrap.appendChild(list);
    select.parentNode.insertBefore(wrap, select.nextSibling);
    select.hidden = true;
    select.setAttribute("aria-hidden", "true");

    function selected() {
      return Array.prototype.filter.call(select.options, function (o) { return o.selected; });
    }
    function render() {
      var chosen = selected();
      var full = max > 0 && chosen.length >= max;
      count.textContent = tpl.replace("%(n)s", chosen.length).replace("%(max)s", max) +
        (full && fullText ? " · " + fullText : "");
      count.classList.toggle("full", full);
      chips.textContent = "";
      chosen.forEach(function (o) {
        var li = el("li", "picker-chip", o.textContent.trim());
        var x = el("button", "link", "×");
        x.type = "button";
        x.setAttribute("aria-label", (select.dataset.removeText || "") + " " + o.textContent.trim());
        x.addEventListener("click", function () { o.selected = false; render(); });
        li.appendChild(x);
        chips.appendChild(li);
      });
      list.textContent = "";
      var q = search.value.trim();
      if (!q) { return; }
      var shown = 0;
      Array.prototype.forEach.call(select.options, function (o) {
        var name = o.textContent.trim();
        if (o.selected || name.indexOf(q) < 0 || shown >= 30) { return; }
        shown += 1;
        var li = el("li", "picker-option");
        var b = el("button", "link", name);
        b.type = "button";
        b.disabled = full;
        b.addEventListener("click", function () {
          o.selected = true; search.value = ""; render(); search.focus();
        });
        li.appendChild(b);
        list.appendChild(li);
      });
    }
    search.addEventListener("input", render);
    search.addEventListener("keydown", function (ev) {
      if (ev.key === "Enter") {
        ev.preventDefault();
        var first = list.querySelector("button:not([disabled])");
        if (first) { first.click(); }
      }
    });
    render();
  }
  function init() {
    var selects = document.querySelectorAll("select[multiple][data-picker]");
    for (var i = 0; i < selects.length; i++) { setup(selects[i]); }
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); }
  else { init(); }
})();
