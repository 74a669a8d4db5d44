// Intake form helpers; the form works without them.
// - Ctrl+Enter submits; a second submit while saving is ignored (the server also
//   deduplicates by the form's one-time token).
// - Tab out of the last worker row adds a fresh row without a round trip.
// - A worker row's migrant-worker mark follows the category and the construction flag
//   until something is typed in the row.
// - After a paste preview (a round trip: the server's reading is the only one), the
//   preview gets the focus.
(function () {
  "use strict";
  var form = document.getElementById("intake-form");
  if (!form) { return; }
  // After a refused save, put the cursor on the first field to correct.
  var firstError = form.querySelector(".has-error input, .has-error select, .has-error textarea");
  if (firstError) { firstError.focus(); }
  // After "Preview the pasted workers", show the clerk what was read.
  var preview = document.querySelector("#paste-preview[tabindex]");
  if (!firstError && preview) { preview.focus(); }
  var submitting = false;
  form.addEventListener("submit", function (event) {
    var submitter = event.submitter;
    if (submitter && (submitter.name === "more_rows" || submitter.name === "preview_paste")) { return; }
    if (submitting) { event.preventDefault(); return; }
    submitting = true;
  });
  form.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      document.getElementById("register").click();
    }
  });
  // Arrears that began more than two years ago: a warning (the server shows it too).
  var arrearsWarning = document.getElementById("arrears-warning");
  var arrearsFrom = form.querySelector("input[name='arrears_from']");
  if (arrearsWarning && arrearsFrom) {
    arrearsFrom.addEventListener("change", function () {
      var value = arrearsFrom.value;
      arrearsWarning.hidden = !(value && value < arrearsWarning.getAttribute("data-cutoff"));
    });
  }
  var total = form.querySelector("input[name$='-TOTAL_FORMS']");
  var body = document.querySelector("#worker-rows tbody");
  // The migrant-worker mark starts checked for wage arrears or a construction project
  // (the server sets it the same way on the rows it draws).
  var category = form.querySelector("select[name='category']");
  var construction = form.querySelector("input[name='is_construction']");
  function migrantDefault() {
    return (category && category.value === "wage_arrears") || (construction && construction.checked);
  }
  function followDefault() {
    // Only rows nobody has typed in yet follow a changed category or construction flag.
    body.querySelectorAll("tr.worker-row").forEach(function (row) {
      var name = row.querySelector("input[name$='-name']");
      var mark = row.querySelector("input.migrant-mark");
      if (mark && name && !name.value) { mark.checked = !!migrantDefault(); }
    });
  }
  if (category) { category.addEventListener("change", followDefault); }
  if (construction) { construction.addEventListener("change", followDefault); }
  function addRow() {
    var rows = body.querySelectorAll("tr.worker-row");
    var last = rows[rows.length - 1];
    var index = parseInt(total.value, 10);
    var copy = last.cloneNode(true);
    copy.classList.remove("has-error");
    copy.querySelectorAll(".error").forEach(function (node) { node.remove(); });
    copy.querySelectorAll("input, select").forEach(function (input) {
      ["name", "id"].forEach(function (attr) {
        var value = input.getAttribute(attr);
        if (value) { input.setAttribute(attr, value.replace(/-\d+-/, "-" + index + "-")); }
      });
      if (input.type === "checkbox") {
        input.checked = input.classList.contains("migrant-mark") && !!migrantDefault();
      } else { input.value = ""; }
    });
    body.appendChild(copy);
    total.value = index + 1;
    return copy;
  }
  body.addEventListener("keydown", function (event) {
    if (event.key !== "Tab" || event.shiftKey) { return; }
    var rows = body.querySelectorAll("tr.worker-row");
    var lastRow = rows[rows.length - 1];
    var inputs = lastRow.querySelectorAll("input, select");
    if (event.target === inputs[inputs.length - 1] && lastRow.querySelector("input").value) {
      event.preventDefault();
      addRow().querySelector("input").focus();
    }
  });
  var more = document.getElementById("more-rows");
  if (more) {
    more.addEventListener("click", function (event) {
      event.preventDefault();
      addRow().querySelector("input").focus();
    });
  }
})();
