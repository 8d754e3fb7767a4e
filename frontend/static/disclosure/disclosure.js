/* Progressive enhancement for the disclosure pages: print button, display-screen refresh. */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.addEventListener("click", function () { window.print(); });
    });
    var screen = document.querySelector("[data-refresh]");
    if (screen) {
      var seconds = parseInt(screen.getAttribute("data-refresh"), 10) || 30;
      window.setTimeout(function () { window.location.reload(); }, seconds * 1000);
    }
  });
})();
