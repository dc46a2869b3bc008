// Intake rows added as needed, keyboard first: Tab goes through a row's fields; Enter in any field of a row
// (Shift+Enter for a new line inside the content) moves to the next row, adding one after the last; the
// "Thêm dòng" button does the same with a mouse; typing into the last row adds the next one. A new row is a copy of the last one, renumbered and emptied.
(function () {
  var form = document.getElementById('intake-rows');
  if (!form) { return; }
  var rows = document.getElementById('rows');
  var maxRows = parseInt(form.dataset.maxRows, 10) || 200;
  document.querySelectorAll('.js-only').forEach(function (e) { e.classList.remove('js-only'); });

  function allRows() { return rows.querySelectorAll('.intake-row'); }

  function renumber(element, index) {
    ['id', 'name', 'for', 'aria-describedby'].forEach(function (attr) {
      var value = element.getAttribute(attr);
      if (value) { element.setAttribute(attr, value.replace(/rows-\d+-/g, 'rows-' + index + '-')); }
    });
  }

  function addRow() {
    var list = allRows();
    if (list.length >= maxRows) { return null; }
    var last = list[list.length - 1];
    var copy = last.cloneNode(true);
    var index = list.length;
    copy.querySelectorAll('[id], [name], [for]').forEach(function (e) { renumber(e, index); });
    copy.querySelectorAll('input[type=text], input:not([type]), textarea').forEach(function (e) { e.value = ''; });
    copy.querySelectorAll('input[type=checkbox]').forEach(function (e) { e.checked = false; });
    copy.querySelectorAll('select').forEach(function (e) { e.selectedIndex = 0; });
    copy.querySelectorAll('.invalid-feedback, .is-invalid').forEach(function (e) {
      if (e.classList.contains('invalid-feedback')) { e.remove(); } else { e.classList.remove('is-invalid'); }
    });
    copy.querySelector('.row-number').textContent = String(index + 1);
    rows.appendChild(copy);
    return copy;
  }

  function nextRow(current) {
    var list = Array.prototype.slice.call(allRows());
    var at = list.indexOf(current);
    var target = at + 1 < list.length ? list[at + 1] : addRow();
    if (target) { target.querySelector('textarea, input').focus(); }
  }

  rows.addEventListener('keydown', function (event) {
    if (event.key !== 'Enter' || event.shiftKey || event.isComposing) { return; }
    var row = event.target.closest('.intake-row');
    if (!row || event.target.type === 'checkbox') { return; }
    event.preventDefault();  // Enter never submits the form from a row: the button does
    nextRow(row);
  });
  // A field chosen in a row proposes the agency usually proposed for it (data-agency), unless one is chosen.
  rows.addEventListener('change', function (event) {
    if (event.target.dataset.row !== 'field') { return; }
    var option = event.target.selectedOptions[0];
    var agency = event.target.closest('.intake-row').querySelector('[data-row=agency]');
    if (agency && option && option.dataset.agency && (agency.value === '0' || agency.value === '')) {
      agency.value = option.dataset.agency;
    }
  });
  // Typing into the last row's content adds a blank row below it, so there is always one more to go to.
  rows.addEventListener('input', function (event) {
    if (event.target.tagName !== 'TEXTAREA' || !event.target.value.trim()) { return; }
    var list = allRows();
    if (event.target.closest('.intake-row') === list[list.length - 1]) { addRow(); }
  });
  document.getElementById('add-row').addEventListener('click', function () {
    var row = addRow();
    if (row) { row.querySelector('textarea').focus(); }
  });
}());
