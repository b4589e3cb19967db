// Sort the report's table by a column when its heading is clicked; the table reads as it is
// without this script.
document.querySelectorAll("table.sortable th[data-sort]").forEach(function (th, column) {
  th.tabIndex = 0;
  function sort() {
    var body = th.closest("table").tBodies[0];
    var up = th.getAttribute("aria-sort") !== "ascending";
    th.closest("tr").querySelectorAll("th").forEach(function (o) { o.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", up ? "ascending" : "descending");
    var key = function (row) { return row.cells[column].getAttribute("data-value") || row.cells[column].textContent; };
    var numeric = th.getAttribute("data-sort") === "number";
    Array.from(body.rows).sort(function (a, b) {
      var x = key(a), y = key(b);
      var d = numeric ? (parseFloat(x) || 0) - (parseFloat(y) || 0) : x.localeCompare(y, "id");
      return up ? d : -d;
    }).forEach(function (row) { body.appendChild(row); });
  }
  th.addEventListener("click", sort);
  th.addEventListener("keydown", function (e) { if (e.key === "Enter") sort(); });
});
