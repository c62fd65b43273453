// Public agenda: offer to show session times in the reader's own time zone.
// Without JavaScript the server-rendered times (in the event's zone, named) stay as they are.
// The button's words come from the page (data-show-mine, data-show-event, translated by the
// server, with "{zone}" standing for the zone's name): this script writes no text of its own.
document.addEventListener("DOMContentLoaded", function () {
  var agenda = document.querySelector("[data-agenda]");
  if (!agenda || !window.Intl || !Intl.DateTimeFormat) { return; }
  var eventZone = agenda.dataset.eventZone;
  var readerZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  function words(name, zone) { return agenda.dataset[name].replace("{zone}", zone); }
  if (!readerZone || readerZone === eventZone) { return; }
  var times = agenda.querySelectorAll("time[data-local]");
  var original = Array.prototype.map.call(times, function (t) { return t.textContent; });
  var format = new Intl.DateTimeFormat(agenda.dataset.locale || undefined, {
    timeZone: readerZone, hour: "2-digit", minute: "2-digit", hour12: false,
    weekday: "short", day: "numeric", month: "short"
  });
  var button = document.createElement("button");
  button.type = "button";
  button.className = "secondary zone-switch";
  button.setAttribute("aria-pressed", "false");
  button.textContent = words("showMine", readerZone);
  var zoneName = agenda.querySelector("[data-zone-name]");
  var labels = agenda.querySelectorAll("[data-zone-label]");
  var mine = false;
  button.addEventListener("click", function () {
    mine = !mine;
    times.forEach(function (t, i) {
      t.textContent = mine ? format.format(new Date(t.getAttribute("datetime"))) : original[i];
    });
    var zone = mine ? readerZone : eventZone;
    zoneName.textContent = zone;
    labels.forEach(function (label) { label.textContent = "(" + zone + ")"; });
    button.setAttribute("aria-pressed", mine ? "true" : "false");
    button.textContent = mine ? words("showEvent", eventZone) : words("showMine", readerZone);
  });
  zoneName.parentNode.insertAdjacentElement("afterend", button);
});
