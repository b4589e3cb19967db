// Sort the report's table by a column when its heading is clicked (or Enter or Space is pressed
// on it); the table reads as it is without this script. Empty cells sort last.
document.querySelectorAll("table.sortable th[data-sort]").forEach(function (th, column) {
  var lang = document.documentElement.lang;
  th.tabIndex = 0;
  function sort() {
    var body = th.closest("table").tBodies[0];
    var up = th.getAttribute("aria-sort") !== "ascending";
    th.closest("tr").querySelectorAll("th").forEach(function (o) { o.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", up ? "ascending" : "descending");
    var key = function (row) {
      var cell = row.cells[column];
      var value = cell.getAttribute("data-value");
      return (value === null ? cell.textContent : value).trim();
    };
    var numeric = th.getAttribute("data-sort") === "number";
    Array.from(body.rows).sort(function (a, b) {
      var x = key(a), y = key(b);
      if (x === "" || y === "") { return (x === "") - (y === ""); }
      var d = numeric ? parseFloat(x) - parseFloat(y) : x.localeCompare(y, lang);
      return up ? d : -d;
    }).forEach(function (row) { body.appendChild(row); });
  }
  th.addEventListener("click", sort);
  th.addEventListener("keydown", function (e) {
    if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sort(); }
  });
});
