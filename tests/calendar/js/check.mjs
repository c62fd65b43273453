// Parses an iCalendar file with Mozilla's ical.js (Thunderbird's parser) and prints, as JSON,
// what a client would show for each VEVENT: the UTC instants it computes from DTSTART/DTEND
// after registering the feed's VTIMEZONEs, the date for all-day items, the status and sequence.
// Usage: node check.mjs FILE.ics ...  prints {file: result}; exits 1 with the parser's message
// on any error.
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

function check(path) {
const calendar = new ICAL.Component(ICAL.parse(readFileSync(path, "utf8")));
for (const vtimezone of calendar.getAllSubcomponents("vtimezone")) {
  ICAL.TimezoneService.register(new ICAL.Timezone(vtimezone));
}
const moment = (time) => time.isDate ? time.toString() : time.toUnixTime();
const events = calendar.getAllSubcomponents("vevent").map((vevent) => {
  const event = new ICAL.Event(vevent);
  const tzid = vevent.getFirstProperty("dtstart").getParameter("tzid") || null;
  return {
    uid: event.uid,
    summary: event.summary,
    tzid,
    known_zone: tzid === null || ICAL.TimezoneService.has(tzid),
    is_date: event.startDate.isDate,
    start: moment(event.startDate),
    end: moment(event.endDate),
    status: vevent.getFirstPropertyValue("status"),
    sequence: event.sequence,
  };
});
return { name: calendar.getFirstPropertyValue("x-wr-calname"), events };
}

const results = {};
for (const path of process.argv.slice(2)) results[path] = check(path);
process.stdout.write(JSON.stringify(results));
