// The pinyin toggle and the console's example switcher.
//
// The toggle's state lives in a cookie so the server can render pages (and the ego
// network drawn by aidgraph.viz) with pinyin labels from the first byte; pages that
// hold such a server-drawn view reload to redraw it.
(function () {
  "use strict";
  var root = document.documentElement;
  var COOKIE = "aidgraph_pinyin";

  function setPinyin(on) {
    root.classList.toggle("pinyin", on);
    document.cookie = COOKIE + "=" + (on ? "1" : "0") + "; path=/; max-age=31536000; SameSite=Lax";
    var button = document.getElementById("pinyin-toggle");
    if (button) button.setAttribute("aria-pressed", on ? "true" : "false");
    if (document.querySelector(".aidgraph-view, iframe.view")) window.location.reload();
  }

  document.addEventListener("DOMContentLoaded", function () {
    var button = document.getElementById("pinyin-toggle");
    if (button) button.addEventListener("click", function () {
      setPinyin(!root.classList.contains("pinyin"));
    });
    // Switching language loads that language's example unless a query was typed.
    var examples = document.getElementById("examples");
    var query = document.getElementById("query");
    if (examples && query) {
      var byLang = JSON.parse(examples.textContent);
      var pristine = query.value;
      document.querySelectorAll("input[name=lang]").forEach(function (radio) {
        radio.addEventListener("change", function () {
          var isExample = Object.keys(byLang).some(function (k) { return byLang[k] === query.value; });
          if (isExample || query.value === pristine) query.value = byLang[radio.value];
        });
      });
    }
  });
})();
