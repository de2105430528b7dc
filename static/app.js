// Beredskap: small enhancements only; every page works without this file.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    // Move focus to the error summary after a failed form post, so screen readers announce it.
    var summary = document.querySelector(".error-summary");
    if (summary) summary.focus();

    // Live parts of a page: refetch the fragment and swap it in, every 15 seconds while visible.
    document.querySelectorAll("[data-live]").forEach(function (box) {
      var url = box.getAttribute("data-live");
      function refresh() {
        if (document.hidden) return;
        fetch(url, { credentials: "same-origin", headers: { Accept: "text/html" } })
          .then(function (r) { return r.ok ? r.text() : null; })
          .then(function (html) { if (html) box.innerHTML = html; })
          .catch(function () {});
      }
      setInterval(refresh, 15000);
      document.addEventListener("visibilitychange", refresh);
    });
  });
})();
