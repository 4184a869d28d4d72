// The "Copy" buttons of the invitations page: each copies the link of its row. Without
// JavaScript the buttons stay hidden and each link is selectable text in its own field.
(function () {
  "use strict";
  var status = document.getElementById("copy-status");

  function copied(button) {
    var confirmation = document.getElementById(button.dataset.confirmation);
    confirmation.hidden = false;
    // Announced by the page's aria-live region, then cleared so that the next one is too.
    status.textContent = button.dataset.copiedMessage;
    window.setTimeout(function () { status.textContent = ""; }, 4000);
  }

  function fallback(field) {
    field.focus();
    field.select();
    return document.execCommand && document.execCommand("copy");
  }

  document.querySelectorAll("[data-copy-target]").forEach(function (button) {
    var field = document.getElementById(button.dataset.copyTarget);
    button.hidden = false;
    button.addEventListener("click", function () {
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(
          function () { copied(button); },
          function () { if (fallback(field)) { copied(button); } }
        );
      } else if (fallback(field)) {
        copied(button);
      }
    });
  });
})();
