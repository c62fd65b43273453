// Event edit page: a colour picker beside the colour's text field, the two kept in step.
// Without JavaScript the picker stays hidden and the text field alone is sent (it always is).
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-colour-for]").forEach(function (box) {
    var text = document.getElementById(box.dataset.colourFor);
    var picker = box.querySelector("input[type=color]");
    if (!text || !picker) { return; }
    function fromText() {
      var value = text.value.trim().toLowerCase();
      if (/^#[0-9a-f]{6}$/.test(value)) { picker.value = value; }
    }
    picker.addEventListener("input", function () { text.value = picker.value; });
    text.addEventListener("input", fromText);
    fromText();
    box.hidden = false;
  });
});
