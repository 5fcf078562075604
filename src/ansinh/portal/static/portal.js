// Progressive enhancement for the portal, written by hand (no framework is vendored):
// pages work without it; with it, lists filter as you type, weighty buttons ask first and the
// menu folds behind one button on a phone.
(function () {
  "use strict";
  document.querySelectorAll("input[data-filter]").forEach(function (input) {
    var list = document.getElementById(input.getAttribute("data-filter"));
    if (!list) { return; }
    input.hidden = false;
    input.addEventListener("input", function () {
      var needle = input.value.trim().toLowerCase();
      Array.prototype.forEach.call(list.children, function (item) {
        item.hidden = needle !== "" && item.textContent.toLowerCase().indexOf(needle) === -1;
      });
    });
  });
  document.querySelectorAll("nav.main .menu-toggle").forEach(function (button) {
    var nav = button.parentElement;
    nav.classList.add("collapsed");
    button.hidden = false;
    button.addEventListener("click", function () {
      var open = nav.classList.toggle("collapsed") === false;
      button.setAttribute("aria-expanded", open ? "true" : "false");
    });
  });
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.getAttribute("data-confirm"))) { event.preventDefault(); }
    });
  });
})();
