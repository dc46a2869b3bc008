// A header checkbox with data-select-all="NAME" ticks or clears every checkbox named NAME in its form.
document.querySelectorAll('input[data-select-all]').forEach(function (box) {
  box.addEventListener('click', function () {
    var name = box.dataset.selectAll;
    (box.form || document).querySelectorAll('input[type=checkbox][name="' + name + '"]').forEach(function (c) {
      c.checked = box.checked;
    });
  });
});
