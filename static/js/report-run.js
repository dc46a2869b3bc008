// The page of a report built by the job process: poll its JSON until it is done or failed.
// Messages come translated from the page (data-msg-* attributes of #run).
(function () {
  var box = document.getElementById('run');
  if (!box || !box.dataset.poll) { return; }
  var m = box.dataset;
  function poll() {
    fetch(m.statusUrl, {headers: {'Accept': 'application/json'}}).then(function (r) { return r.json(); })
      .then(function (info) {
        var state = document.getElementById('state');
        if (info.state === 'done') {
          state.textContent = m.msgDone + ' ' + info.seconds + ' ' + m.msgSeconds + '.';
          document.getElementById('download').classList.remove('d-none');
        } else if (info.state === 'failed') {
          state.textContent = m.msgFailed + ' ' + info.error;
          document.getElementById('retry').classList.remove('d-none');
        } else if (info.state === 'queued') {
          state.textContent = m.msgQueued + ' ' + info.elapsed + ' ' + m.msgSeconds;
          setTimeout(poll, 1500);
        } else {
          state.textContent = m.msgBusy + ' ' + info.pages + ' ' + m.msgPages + ', ' + info.elapsed + ' ' + m.msgSeconds;
          setTimeout(poll, 1500);
        }
      }).catch(function () { setTimeout(poll, 5000); });
  }
  setTimeout(poll, 1000);
})();
