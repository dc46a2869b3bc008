// A header checkbox with data-select-all="NAME" ticks or clears every checkbox named NAME in its form (its
// elements: also those outside it that name it with form="...", as on the leader's desk).
document.querySelectorAll('input[data-select-all]').forEach(function (box) {
  box.addEventListener('click', function () {
    var name = box.dataset.selectAll;
    var boxes = box.form ? Array.prototype.filter.call(box.form.elements, function (e) {
      return e.type === 'checkbox' && e.name === name;
    }) : document.querySelectorAll('input[type=checkbox][name="' + name + '"]');
    Array.prototype.forEach.call(boxes, function (c) { c.checked = box.checked; });
  });
});
