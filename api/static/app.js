// The pinyin toggle (remembered in localStorage) and the console's example switcher.
(function () {
  "use strict";
  var root = document.documentElement;
  var KEY = "aidgraph.pinyin";
  function apply(on) {
    root.classList.toggle("pinyin", on);
    var button = document.getElementById("pinyin-toggle");
    if (button) button.setAttribute("aria-pressed", on ? "true" : "false");
  }
  try { apply(localStorage.getItem(KEY) === "1"); } catch (e) { /* storage may be off */ }
  document.addEventListener("DOMContentLoaded", function () {
    apply(root.classList.contains("pinyin"));
    var button = document.getElementById("pinyin-toggle");
    if (button) button.addEventListener("click", function () {
      var on = !root.classList.contains("pinyin");
      apply(on);
      try { localStorage.setItem(KEY, on ? "1" : "0"); } catch (e) { /* ignore */ }
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
