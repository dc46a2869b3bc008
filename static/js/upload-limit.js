// Refuse an oversized file before sending, so the text typed in the same form is never lost to a 413.
// The limit and the message come from this script tag's data-max-bytes and data-too-big attributes.
(function (script) {
  var limit = Number(script.dataset.maxBytes);
  document.querySelectorAll('input[type=file]').forEach(function (input) {
    input.addEventListener('change', function () {
      var tooBig = Array.from(input.files).some(function (f) { return f.size > limit; });
      input.setCustomValidity(tooBig ? script.dataset.tooBig : '');
      if (tooBig) { input.reportValidity(); }
    });
  });
})(document.currentScript);
