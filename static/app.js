// Beredskap: small enhancements only; every page works without this file.
(function () {
  "use strict";
  // Move focus to the error summary after a failed form post, so screen readers announce it.
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector(".error-summary");
    if (summary) summary.focus();
  });
})();
