// A character counter under a long text field, for
//   <textarea data-char-limit="20000" data-char-count="{count} / {limit} characters"
//             data-char-over="{count} / {limit} characters: {over} over the limit.">
// (the texts come translated from the page: the project has no JavaScript catalog).
// It only warns: there is no maxlength, which would cut a pasted statement without a
// word; the server refuses a longer text and shows it again to be shortened.
(function () {
  "use strict";
  var language = document.documentElement.lang || undefined;

  function number(value) { return value.toLocaleString(language); }

  // Counted as the server counts: Unicode characters of the trimmed text (a rare
  // character outside the BMP is one, not two UTF-16 units).
  function length(text) { return Array.from(text.trim()).length; }

  function attach(field) {
    var limit = parseInt(field.getAttribute("data-char-limit"), 10);
    var counter = document.createElement("small");
    counter.id = field.id + "-count";
    counter.className = "char-count help";
    counter.setAttribute("aria-live", "polite");
    field.insertAdjacentElement("afterend", counter);
    var described = field.getAttribute("aria-describedby");
    field.setAttribute("aria-describedby", (described ? described + " " : "") + counter.id);

    function update() {
      var count = length(field.value);
      var over = count > limit;
      var template = field.getAttribute(over ? "data-char-over" : "data-char-count");
      counter.textContent = template
        .replace("{count}", number(count))
        .replace("{limit}", number(limit))
        .replace("{over}", number(count - limit));
      counter.classList.toggle("error", over);
      counter.classList.toggle("help", !over);
    }
    field.addEventListener("input", update);
    update();
  }

  document.querySelectorAll("textarea[data-char-limit]").forEach(attach);
})();
