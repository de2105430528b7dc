// Beredskap: the organisation's FAQ on its own website. Paste
//   <script src="https://beredskap.example/p/ORG/widget.js" async></script>
//   <div data-beredskap-faq></div>
// and the answers appear in the div: search, categories, "last updated", "still working on it",
// and new answers as soon as they are published. Written for Beredskap, no other code.
// Options on the div: data-lang="sv" (else the page's language, else the organisation's),
// data-category="…" (only that category).
(function (config) {
  "use strict";
  if (!window.fetch || !document.querySelector) return;
  var base = config.base, org = config.org;
  var api = base + "/p/" + encodeURIComponent(org);
  var seq = 0;

  function t(lang, key) {
    var s = config.strings[lang] || config.strings[config.lang] || {};
    return s[key] || key;
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }

  function when(lang, iso) {
    if (!iso) return "";
    var d = new Date(iso);
    try {
      return new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeStyle: "short" }).format(d);
    } catch (e) {
      return d.toLocaleString();
    }
  }

  function matches(entry, q) {
    if (!q) return true;
    q = q.toLowerCase();
    return entry.question.toLowerCase().indexOf(q) >= 0 ||
      entry.answer_markdown.toLowerCase().indexOf(q) >= 0 ||
      entry.category.toLowerCase().indexOf(q) >= 0;
  }

  function addStyle() {
    if (document.getElementById("bfaq-style")) return;
    var css = [
      ".bfaq{font:inherit;color:inherit;line-height:1.5}",
      ".bfaq *{box-sizing:border-box}",
      ".bfaq-search{display:flex;flex-wrap:wrap;gap:.5em;align-items:end;margin:0 0 1em}",
      ".bfaq-search label{display:block;font-weight:600;font-size:.9em}",
      ".bfaq-search input,.bfaq-search select,.bfaq textarea{font:inherit;padding:.4em .5em;border:1px solid currentColor;border-radius:4px;max-width:100%}",
      ".bfaq button{font:inherit;padding:.35em .9em;border-radius:4px;border:1px solid currentColor;background:transparent;color:inherit;cursor:pointer}",
      ".bfaq details{border-top:1px solid rgba(127,127,127,.35);padding:.5em 0}",
      ".bfaq summary{cursor:pointer;font-weight:600}",
      ".bfaq-notice{border-left:4px solid #c77700;padding:.3em .6em;margin:.5em 0}",
      ".bfaq-meta,.bfaq-updated{font-size:.85em;opacity:.8}",
      ".bfaq-feedback{margin-top:.5em;display:flex;flex-wrap:wrap;gap:.5em;align-items:center}",
      ".bfaq-sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}",
      ".bfaq :focus-visible{outline:3px solid #1a5fb4;outline-offset:2px}"
    ].join("\n");
    var style = el("style");
    style.id = "bfaq-style";
    style.textContent = css;
    document.head.appendChild(style);
  }

  function feedback(lang, entry) {
    var box = el("div", "bfaq-feedback");
    var ask = el("span", null, t(lang, "feedback_question"));
    var yes = el("button", null, t(lang, "yes"));
    var no = el("button", null, t(lang, "no"));
    yes.type = no.type = "button";
    box.appendChild(ask); box.appendChild(yes); box.appendChild(no);
    function send(helpful, reason) {
      var body = "helpful=" + helpful + "&reason=" + encodeURIComponent(reason || "") + "&lang=" + lang;
      box.textContent = t(lang, "sending");
      fetch(api + "/faq/" + entry.id + "/feedback", {
        method: "POST",
        mode: "cors",
        credentials: "omit",
        headers: { "Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json" },
        body: body
      }).then(function (r) {
        box.textContent = t(lang, r.ok ? "thanks" : "not_sent");
      }).catch(function () { box.textContent = t(lang, "not_sent"); });
    }
    yes.addEventListener("click", function () { send("yes"); });
    no.addEventListener("click", function () {
      box.textContent = "";
      var id = "bfaq-reason-" + entry.id + "-" + (++seq);
      var label = el("label", null, t(lang, "reason"));
      label.setAttribute("for", id);
      var area = el("textarea");
      area.id = id; area.rows = 2; area.maxLength = 500;
      var go = el("button", null, t(lang, "send"));
      go.type = "button";
      go.addEventListener("click", function () { send("no", area.value); });
      box.appendChild(label); box.appendChild(area); box.appendChild(go);
      area.focus();
    });
    return box;
  }

  function render(w) {
    var list = w.list, lang = w.lang, now = new Date();
    var shown = w.data.entries.filter(function (e) {
      return matches(e, w.query) && (!w.category || e.category === w.category);
    });
    w.updated.textContent = w.data.updated_at ? t(lang, "updated") + " " + when(lang, w.data.updated_at) : "";
    list.textContent = "";
    if (!shown.length) {
      list.appendChild(el("p", "bfaq-empty", t(lang, "nothing")));
      return;
    }
    var current = null, section = null;
    shown.forEach(function (e) {
      if (e.category !== current || !section) {
        current = e.category;
        section = el("section", "bfaq-category");
        if (current) section.appendChild(el("h3", null, current));
        list.appendChild(section);
      }
      var d = el("details", "bfaq-entry");
      d.id = "bfaq-q" + e.id;
      d.appendChild(el("summary", null, e.question));
      if (e.working_on_it) {
        var text = e.update_overdue || (e.next_update_at && new Date(e.next_update_at) < now)
          ? t(lang, "overdue")
          : t(lang, "working").replace("%{at}", when(lang, e.next_update_at));
        d.appendChild(el("p", "bfaq-notice", text));
      }
      var answer = el("div", "bfaq-answer");
      answer.innerHTML = e.answer_html; // sanitised by the server
      d.appendChild(answer);
      var meta = el("p", "bfaq-meta", t(lang, "checked") + " " + when(lang, e.checked_at) + " · ");
      var link = el("a", null, t(lang, "link"));
      link.href = api + "/faq/" + e.id + "?lang=" + lang;
      meta.appendChild(link);
      d.appendChild(meta);
      d.appendChild(feedback(lang, e));
      section.appendChild(d);
    });
  }

  function load(w, announce) {
    // After an announcement the browser must ask again (revalidating with the ETag), not reuse
    // the copy it may keep for a few seconds.
    return fetch(api + "/faq.json", { mode: "cors", credentials: "omit", cache: announce ? "no-cache" : "default" })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then(function (data) {
        w.data = data;
        var cats = [];
        data.entries.forEach(function (e) { if (e.category && cats.indexOf(e.category) < 0) cats.push(e.category); });
        if (!w.fixedCategory) {
          var chosen = w.select.value;
          w.select.textContent = "";
          var all = el("option", null, t(w.lang, "all"));
          all.value = "";
          w.select.appendChild(all);
          cats.forEach(function (c) { var o = el("option", null, c); o.value = c; w.select.appendChild(o); });
          w.select.value = cats.indexOf(chosen) >= 0 ? chosen : "";
          w.selectBox.hidden = !cats.length;
        }
        render(w);
        if (announce) w.status.textContent = t(w.lang, "live");
        w.root.setAttribute("data-bfaq-ready", "true");
      })
      .catch(function () {
        w.list.textContent = "";
        var p = el("p", null, t(w.lang, "unavailable") + " ");
        var a = el("a", null, t(w.lang, "open_page"));
        a.href = api + "/faq?lang=" + w.lang;
        p.appendChild(a);
        w.list.appendChild(p);
      });
  }

  function start(root) {
    if (root.getAttribute("data-bfaq-started")) return;
    root.setAttribute("data-bfaq-started", "true");
    addStyle();
    var wanted = (root.getAttribute("data-lang") || document.documentElement.lang || config.lang || "en").slice(0, 2).toLowerCase();
    var lang = config.strings[wanted] ? wanted : config.lang;
    var n = ++seq;
    var w = { root: root, lang: lang, query: "", category: root.getAttribute("data-category") || "" };
    w.fixedCategory = !!w.category;
    var box = el("div", "bfaq");
    box.lang = lang;
    var form = el("form", "bfaq-search");
    form.setAttribute("role", "search");
    var qLabel = el("label", null, t(lang, "search"));
    qLabel.setAttribute("for", "bfaq-q-" + n);
    var q = el("input");
    q.type = "search"; q.id = "bfaq-q-" + n; q.autocomplete = "off";
    var qBox = el("div"); qBox.appendChild(qLabel); qBox.appendChild(q);
    form.appendChild(qBox);
    var cLabel = el("label", null, t(lang, "category"));
    cLabel.setAttribute("for", "bfaq-c-" + n);
    w.select = el("select");
    w.select.id = "bfaq-c-" + n;
    w.selectBox = el("div"); w.selectBox.appendChild(cLabel); w.selectBox.appendChild(w.select);
    w.selectBox.hidden = true;
    if (!w.fixedCategory) form.appendChild(w.selectBox);
    box.appendChild(form);
    w.updated = el("p", "bfaq-updated");
    w.status = el("p", "bfaq-sr");
    w.status.setAttribute("role", "status");
    w.status.setAttribute("aria-live", "polite");
    w.list = el("div", "bfaq-list");
    box.appendChild(w.updated); box.appendChild(w.status); box.appendChild(w.list);
    root.textContent = "";
    root.appendChild(box);

    var timer = null;
    form.addEventListener("submit", function (e) { e.preventDefault(); report(); });
    q.addEventListener("input", function () {
      w.query = q.value.trim();
      render(w);
      clearTimeout(timer);
      timer = setTimeout(report, 900);
    });
    w.select.addEventListener("change", function () { w.category = w.select.value; render(w); });
    // The search is counted by the server (under its normalised words, with nobody's identity)
    // once the reader stops typing, so the organisation learns what is looked for.
    var reported = "";
    function report() {
      if (w.query.length < 3 || w.query === reported) return;
      reported = w.query;
      fetch(api + "/faq/search.json?q=" + encodeURIComponent(w.query), { mode: "cors", credentials: "omit" })
        .catch(function () {});
    }

    load(w, false);
    if (window.EventSource) {
      var busy = false, again = false;
      var reload = function () {
        if (busy) { again = true; return; }
        busy = true;
        load(w, true).then(function () { busy = false; if (again) { again = false; reload(); } });
      };
      var source = new EventSource(api + "/faq/events");
      source.addEventListener("faq", reload);
      source.addEventListener("resync", reload);
    }
  }

  function startAll() {
    var roots = document.querySelectorAll("[data-beredskap-faq]");
    for (var i = 0; i < roots.length; i++) start(roots[i]);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", startAll);
  else startAll();
})(__BEREDSKAP_CONFIG__);
