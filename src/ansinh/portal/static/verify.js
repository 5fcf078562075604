// The verification page: a QR opens /verify#<seal>; post the seal (a fragment never reaches the
// server's logs) and drop it from the address bar and the history.
(function () {
  "use strict";
  var seal = window.location.hash.slice(1);
  var form = document.getElementById("seal-form");
  if (!seal || !form) { return; }
  history.replaceState(null, "", window.location.pathname);
  form.elements.seal.value = seal;
  var checking = document.querySelector("[data-testid=checking]");
  if (checking) { checking.hidden = false; }
  form.submit();
}());
