// Print buttons: <button type="button" data-print>. Scripts live in files, never inline:
// the Content-Security-Policy allows scripts from this site only.
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-print]");
  if (button) {
    event.preventDefault();
    window.print();
  }
});
