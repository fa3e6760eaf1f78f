// Progressive enhancement for pages that follow a background task (a bulk import): the element
// marked data-refresh is read again from the server every few milliseconds given (default 2000),
// without reloading the page (a timed reload would move focus and interrupt screen readers); once
// the server's copy no longer carries data-refresh, the task is over and the whole main content is
// replaced once. Without JavaScript, the page offers a link to refresh it.
(function () {
  var region = document.querySelector('[data-refresh]');
  if (!region || !region.id || !window.fetch || !window.DOMParser) return;
  var every = Number(region.getAttribute('data-refresh')) || 2000;
  function tick() {
    fetch(location.href, { headers: { accept: 'text/html' }, credentials: 'same-origin' })
      .then(function (response) {
        return response.ok ? response.text() : Promise.reject(response.status);
      })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, 'text/html');
        var fresh = doc.getElementById(region.id);
        var main = document.querySelector('main');
        var freshMain = doc.querySelector('main');
        if (fresh && fresh.hasAttribute('data-refresh')) {
          region.innerHTML = fresh.innerHTML;
          setTimeout(tick, every);
        } else if (main && freshMain) {
          main.innerHTML = freshMain.innerHTML;
          document.title = doc.title;
        }
      })
      .catch(function () {
        setTimeout(tick, every * 2);
      });
  }
  setTimeout(tick, every);
})();
