// Beredskap: small enhancements only; every page works without this file.
(function () {
  "use strict";
  function swap(box, url) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) { if (html !== null) box.innerHTML = html; return html !== null; })
      .catch(function () { return false; });
  }

  document.addEventListener("DOMContentLoaded", function () {
    // Move focus to the error summary after a failed form post, so screen readers announce it.
    var summary = document.querySelector(".error-summary");
    if (summary) summary.focus();

    // Live parts of a page: refetch the fragment and swap it in while the page is visible,
    // every data-live-interval milliseconds (15 seconds unless the page asks for faster).
    document.querySelectorAll("[data-live]").forEach(function (box) {
      var every = parseInt(box.getAttribute("data-live-interval") || "15000", 10);
      // Read each time: the what-if form below may have changed the address.
      function refresh() { if (!document.hidden) swap(box, box.getAttribute("data-live")); }
      setInterval(refresh, every);
      document.addEventListener("visibilitychange", refresh);
    });

    // Answers that update themselves: the server announces a publication over server-sent
    // events and the list is fetched again. EventSource reconnects by itself.
    document.querySelectorAll("[data-events]").forEach(function (box) {
      if (!window.EventSource) return;
      var fragment = box.getAttribute("data-fragment");
      var announce = document.querySelector("[data-live-announce]");
      var source = new EventSource(box.getAttribute("data-events"));
      // Answers can arrive by the hundred a second: one fetch at a time, and one more after it
      // if anything moved meanwhile.
      var busy = false, again = false;
      function reload() {
        if (busy) { again = true; return; }
        busy = true;
        swap(box, fragment).then(function (ok) {
          busy = false;
          if (again) { again = false; reload(); }
          if (!ok) return;
          box.classList.add("flash");
          setTimeout(function () { box.classList.remove("flash"); }, 2000);
          if (announce) announce.textContent = announce.getAttribute("data-live-announce");
        });
      }
      source.addEventListener(box.getAttribute("data-event") || "faq", reload);
      source.addEventListener("resync", reload);
      // A part whose figures may move between the page being drawn and the stream opening
      // (a delivery board) fetches them once more each time the stream (re)opens.
      if (box.hasAttribute("data-refresh-on-open")) source.addEventListener("open", reload);
      box.setAttribute("data-events-ready", "true");
    });

    // The what-if form recomputes as it is typed in: the forecast part is fetched with the
    // form's values, the address follows so the view can be shared, and the part's own refresh
    // keeps the what-if. Without this script the form's button does the same with a page load.
    document.querySelectorAll("form[data-what-if]").forEach(function (form) {
      var box = document.getElementById("forecast");
      if (!box || !window.URLSearchParams) return;
      var timer = null;
      function recompute() {
        var query = new URLSearchParams(new FormData(form)).toString();
        var live = "/capacity/live?" + query;
        box.setAttribute("data-live", live);
        swap(box, live);
        history.replaceState(null, "", "/capacity?" + query);
      }
      form.addEventListener("input", function () {
        clearTimeout(timer);
        timer = setTimeout(recompute, 350);
      });
      form.setAttribute("data-what-if-ready", "true");
    });
  });
})();
