// Every date field (input[data-date]) reads and shows dd/mm/yyyy whatever the browser's locale: digits typed
// are masked as they come ("25112026" shows 25/11/2026), and a date-picker in Vietnamese (flatpickr, vendored
// under static/vendor) opens from the field. The server parses the same text (app/web/forms.py VNDateField).
(function () {
  function mask(value) {
    var digits = value.replace(/\D/g, '').slice(0, 8);
    if (digits.length > 4) { return digits.slice(0, 2) + '/' + digits.slice(2, 4) + '/' + digits.slice(4); }
    if (digits.length > 2) { return digits.slice(0, 2) + '/' + digits.slice(2); }
    return digits;
  }

  // Digits alone, or digits with slashes only where the mask puts them: anything else was typed on purpose.
  function maskable(value) {
    return /^\d+$/.test(value) || /^\d{2}\/\d*$/.test(value) || /^\d{2}\/\d{2}\/\d*$/.test(value);
  }

  // The same readings as the server's (forms.parse_typed_date): d/m/yyyy, ddmmyyyy, or ISO yyyy-mm-dd.
  function parse(text) {
    var t = String(text).trim(), m, day, month, year;
    if ((m = /^(\d{1,2})[\/.\-](\d{1,2})[\/.\-](\d{4})$/.exec(t))) { day = m[1]; month = m[2]; year = m[3]; }
    else if ((m = /^(\d{2})(\d{2})(\d{4})$/.exec(t))) { day = m[1]; month = m[2]; year = m[3]; }
    else if ((m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t))) { day = m[3]; month = m[2]; year = m[1]; }
    else { return undefined; }
    var d = new Date(+year, +month - 1, +day);
    return (d.getDate() === +day && d.getMonth() === +month - 1) ? d : undefined;
  }

  document.querySelectorAll('input[data-date]').forEach(function (input) {
    input.addEventListener('input', function (event) {
      // Only plain typing is masked: "5/1/2026" typed with its own slashes is left as it is.
      if (/^delete/.test(event.inputType || '') || !maskable(input.value)) { return; }
      input.value = mask(input.value);
    });
    if (window.flatpickr) {
      var locale = document.documentElement.lang === 'en' ? 'default' : (window.flatpickr.l10ns.vn || 'default');
      window.flatpickr(input, {
        dateFormat: 'd/m/Y', allowInput: true, parseDate: parse, clickOpens: false, locale: locale,
        disableMobile: true, monthSelectorType: 'static'
      });
      var button = document.createElement('button');
      button.type = 'button';
      button.className = 'btn btn-outline-secondary date-picker-button';
      button.setAttribute('aria-label', input.dataset.pickerLabel || 'Chọn ngày');
      button.textContent = '📅';
      button.addEventListener('click', function () { input._flatpickr.toggle(); });
      var group = document.createElement('div');
      group.className = 'input-group date-group';
      input.parentNode.insertBefore(group, input);
      group.appendChild(input);
      group.appendChild(button);
    }
  });
}());
