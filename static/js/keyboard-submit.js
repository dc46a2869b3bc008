// Ctrl+Enter (Cmd+Enter on a Mac) in any field of a form sends that form, as its first submit button would: a
// long answer or reason is sent without reaching for the mouse. Plain Enter keeps its usual meaning.
(function () {
  document.addEventListener('keydown', function (event) {
    if (event.key !== 'Enter' || !(event.ctrlKey || event.metaKey) || event.isComposing) { return; }
    var form = event.target.form;
    if (!form || form.method.toLowerCase() !== 'post') { return; }
    var button = form.querySelector('button[type=submit], button:not([type])');
    event.preventDefault();
    if (form.requestSubmit) { form.requestSubmit(button || undefined); } else { form.submit(); }
  });
}());
