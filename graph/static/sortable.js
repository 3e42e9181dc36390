/* tradekg site: sortable, filterable tables. Click a header to sort; type to filter rows.
 * Cells may carry data-sort (a number or a key) to sort by instead of their text. */
(function () {
  "use strict";
  function key(cell) {
    var raw = cell.getAttribute("data-sort");
    var text = raw !== null ? raw : cell.textContent.trim();
    var num = Number(text);
    return text !== "" && !isNaN(num) ? { n: num } : { s: text };
  }
  function compare(a, b) {
    if (a.n !== undefined && b.n !== undefined) { return a.n - b.n; }
    var sa = a.s !== undefined ? a.s : String(a.n), sb = b.s !== undefined ? b.s : String(b.n);
    return sa.localeCompare(sb, "zh");
  }
  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), function (table) {
    var body = table.tBodies[0];
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, col) {
      th.setAttribute("tabindex", "0");
      th.setAttribute("aria-sort", "none");
      function sort() {
        var asc = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(table.tHead.rows[0].cells, function (h) { h.setAttribute("aria-sort", "none"); });
        th.setAttribute("aria-sort", asc ? "ascending" : "descending");
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (r1, r2) {
          var c = compare(key(r1.cells[col]), key(r2.cells[col]));
          return asc ? c : -c;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      }
      th.addEventListener("click", sort);
      th.addEventListener("keydown", function (ev) { if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); sort(); } });
    });
    var filter = document.querySelector("input[data-filter-for='" + table.id + "']");
    if (filter) {
      filter.addEventListener("input", function () {
        var q = filter.value.trim().toLowerCase();
        var shown = 0;
        Array.prototype.forEach.call(body.rows, function (r) {
          // A row may say more than it shows (other names, clauses, concepts) in data-search.
          var text = r.textContent + " " + (r.getAttribute("data-search") || "");
          var hit = !q || text.toLowerCase().indexOf(q) >= 0;
          r.hidden = !hit;
          if (hit) { shown += 1; }
        });
        var status = document.getElementById(table.id + "-count");
        if (status) { status.textContent = shown + " / " + body.rows.length; }
      });
    }
  });
})();
