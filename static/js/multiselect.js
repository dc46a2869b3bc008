// Searchable multi-selects (delegates, agencies): every <select multiple data-search> becomes a Tom Select
// (vendored under static/vendor) that is typed into and driven by the keyboard (arrows, Enter, Backspace);
// without scripts it stays the plain <select multiple> it enhances, and the form posts the same values.
(function () {
  if (!window.TomSelect) { return; }
  document.querySelectorAll('select[multiple][data-search]').forEach(function (select) {
    // eslint-disable-next-line no-new
    new window.TomSelect(select, {
      plugins: ['remove_button'], maxOptions: null, hideSelected: true, closeAfterSelect: false,
      render: {
        no_results: function () {
          var div = document.createElement('div');
          div.className = 'no-results';
          div.textContent = select.dataset.noResults || 'Không tìm thấy';
          return div;
        }
      }
    });
  });
}());
