// Lists shown as stacked cards below 900 px (app.css, table.stack-cards): each cell is labelled with its
// column's heading, copied here once from the table's header so the templates stay plain tables.
document.querySelectorAll('table.stack-cards').forEach(function (table) {
  var headings = Array.prototype.map.call(table.querySelectorAll('thead th'), function (th) {
    return th.textContent.replace(/[▲▼]/g, '').trim();
  });
  table.querySelectorAll('tbody tr').forEach(function (row) {
    Array.prototype.forEach.call(row.children, function (cell, index) {
      if (headings[index] && !cell.hasAttribute('colspan')) { cell.setAttribute('data-label', headings[index]); }
    });
  });
});
