// Event form: show only the date fields that fit the "All-day event" checkbox.
// Without JavaScript both groups stay visible and the server uses the one that fits.
document.addEventListener("DOMContentLoaded", function () {
  var allDay = document.getElementById("all_day");
  if (!allDay) { return; }
  function update() {
    document.querySelectorAll("fieldset.dates").forEach(function (group) {
      group.hidden = (group.dataset.when === "all-day") !== allDay.checked;
    });
  }
  allDay.addEventListener("change", update);
  update();
});
