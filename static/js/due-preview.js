// The transfer form's due-date preview: when the letter date or the lead agency changes, the server computes the
// due date by the deadline rules (GET .../due-preview, JSON) and the sentence under the form is replaced.
(function () {
  var box = document.getElementById('transfer-due-preview');
  if (!box || !window.fetch) { return; }
  var form = box.closest('form');
  var text = box.querySelector('.due-preview-text');
  var date = form.querySelector('[name="transfer-letter_date"]');
  var agency = form.querySelector('[name="transfer-lead_agency"]');

  function refresh() {
    var query = new URLSearchParams({ letter_date: date ? date.value : '', lead_agency: agency ? agency.value : '' });
    fetch(box.dataset.url + '?' + query.toString(), { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (response) { return response.json(); })
      .then(function (data) { text.textContent = data.summary || data.error || '—'; })
      .catch(function () { /* the server computes the real date at the transfer anyway */ });
  }

  [date, agency].forEach(function (field) {
    if (field) { field.addEventListener('change', refresh); }
  });
}());
