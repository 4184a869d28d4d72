// The "preparing your report" page: asks the server every few seconds whether the report is
// ready, then starts the download. Without JavaScript the page's Refresh link does the same.
(function () {
  "use strict";
  const box = document.getElementById("report-preparing");
  if (!box || !box.querySelector('[data-state="preparing"]:not(.d-none)')) {
    return;
  }
  const statusUrl = box.dataset.statusUrl;
  const downloadUrl = box.dataset.downloadUrl;
  const INTERVAL_MS = 3000;
  const GIVE_UP_AFTER_MS = 10 * 60 * 1000;
  const started = Date.now();

  function show(state) {
    box.querySelectorAll("[data-state]").forEach(function (element) {
      element.classList.toggle("d-none", element.dataset.state !== state);
    });
    const retry = box.querySelector('[data-role="retry"]');
    if (retry && state === "failed") {
      retry.href = downloadUrl + "&retry=1";
    }
  }

  function poll() {
    fetch(statusUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("status " + response.status);
        }
        return response.json();
      })
      .then(function (body) {
        if (body.status === "ready") {
          show("ready");
          window.location.assign(downloadUrl);
        } else if (body.status === "failed") {
          show("failed");
        } else if (Date.now() - started < GIVE_UP_AFTER_MS) {
          window.setTimeout(poll, INTERVAL_MS);
        }
      })
      .catch(function () {
        // A network hiccup: try again later; the Refresh link stays there meanwhile.
        if (Date.now() - started < GIVE_UP_AFTER_MS) {
          window.setTimeout(poll, INTERVAL_MS * 2);
        }
      });
  }

  window.setTimeout(poll, INTERVAL_MS);
})();
