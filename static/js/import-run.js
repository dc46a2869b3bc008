// The page of an import run by the job process: poll its JSON, show the progress, and reload the page once the
// run is done or failed (the page then shows the result, or every problem). Messages come from data-msg-*.
(function () {
  var box = document.getElementById('import-run');
  if (!box || !box.dataset.poll) { return; }
  var m = box.dataset;
  function poll() {
    fetch(m.statusUrl, {headers: {'Accept': 'application/json'}}).then(function (r) { return r.json(); })
      .then(function (info) {
        if (info.state === 'done' || info.state === 'failed') { window.location.reload(); return; }
        var text = info.state === 'queued' ? m.msgQueued
          : (info.phase === 'writing' ? m.msgWriting + ' ' + info.rows + ' ' + m.msgRows + ',' : m.msgChecking);
        document.getElementById('import-state').textContent = text + ' ' + info.elapsed + ' ' + m.msgSeconds;
        setTimeout(poll, 1500);
      }).catch(function () { setTimeout(poll, 5000); });
  }
  setTimeout(poll, 1000);
})();
