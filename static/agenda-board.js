// The management timetable (templates/agenda/manage/timetable.html): move a session by dragging
// it, change its length by dragging its lower edge, drag a draft from "Drafts to place" onto the
// grid; or do each of these with the keyboard or with single taps on the panel's buttons (WCAG
// 2.1.1, 2.5.7). While a session is moved, the conflicts the move would create are asked of the
// server (POST .../move/check) and shown before it is dropped; dropping saves it through the
// edit form's service (POST .../move), which refuses a stale move (409) and asks a reason to
// save over a conflict (422). After a save the board is read again from the server, so the grid
// is always the server's own layout (planner.agenda.grid), never a second one built here.
//
// Plain JavaScript, no library: the page needs pointer events, fetch and a few DOM lookups, all in
// every browser the secretariat uses; a library would add a dependency to pin and serve, and a
// build step, for nothing this file lacks. Without JavaScript the page lists the same sessions,
// each with its "Edit or move" form.
(function () {
  "use strict";

  var STEP = 5; // minutes: the grid's rows, and what one arrow key press moves
  var board = document.querySelector("[data-board]");
  var panel = document.querySelector("[data-move-panel]");
  var status = document.querySelector("[data-move-status]");
  if (!board || !panel || !board.dataset.csrf) { return; }

  var moving = null; // {item, id, title, version, moveUrl, checkUrl, start, end, room, fromList, checked}
  var checkTimer = null;
  var checkSeq = 0;

  // --- local wall-clock times as minutes ("2019-03-20T10:05" <-> a count of minutes) ---------
  function toMinutes(local) {
    var p = local.split(/[-T:]/).map(Number);
    return Date.UTC(p[0], p[1] - 1, p[2], p[3], p[4]) / 60000;
  }
  function fromMinutes(minutes) {
    return new Date(minutes * 60000).toISOString().slice(0, 16);
  }
  function clock(local) { return local.slice(11, 16); }

  function say(text) {
    // Emptied first, so the same words said twice are announced twice.
    status.textContent = "";
    window.setTimeout(function () { status.textContent = text; }, 30);
  }
  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, name) { return values[name]; });
  }

  // --- the grid's geometry: rooms from the header cells, times from the rows -----------------
  function grid() { return board.querySelector(".timetable-grid"); }
  function columns() {
    var table = grid();
    if (!table) { return []; }
    return Array.prototype.map.call(table.querySelectorAll("thead th[data-room]"), function (th) {
      return {room: th.dataset.room, name: th.textContent.trim(), rect: th.getBoundingClientRect()};
    }).sort(function (a, b) { return a.rect.left - b.rect.left; }); // as seen: right to left in Arabic
  }
  function rows() {
    var table = grid();
    return table ? Array.prototype.slice.call(table.querySelectorAll("tbody tr[data-at]")) : [];
  }
  function roomName(room) {
    var found = columns().filter(function (c) { return c.room === room; })[0];
    return found ? found.name : panel.dataset.noRoom;
  }
  function columnAt(x) {
    return columns().filter(function (c) { return x >= c.rect.left && x < c.rect.right; })[0] || null;
  }
  function rowAt(y) {
    var all = rows();
    for (var i = 0; i < all.length; i += 1) {
      var rect = all[i].getBoundingClientRect();
      if (y < rect.bottom) { return all[i]; }
    }
    return all[all.length - 1] || null;
  }

  // --- what is being moved ---------------------------------------------------------------------
  function pick(item) {
    cancel(true);
    moving = {
      item: item,
      id: item.dataset.session,
      title: item.dataset.title,
      version: item.dataset.version,
      moveUrl: item.dataset.moveUrl,
      checkUrl: item.dataset.checkUrl,
      start: item.dataset.start,
      end: item.dataset.end,
      room: item.dataset.room,
      fromList: item.classList.contains("to-place-item")
    };
    if (moving.fromList) { placeOnThisDay(); }
    item.classList.add("move-source");
    panel.hidden = false;
    panel.querySelector("[data-move-reason]").hidden = true;
    panel.querySelector("#move-reason").value = "";
    // Said with the first answer about conflicts, so that one does not cut the other off.
    moving.intro = fill(panel.dataset.sayPicked, {title: "“" + moving.title + "”"}) + " ";
    say(moving.intro);
    update(false);
  }

  function placeOnThisDay() {
    // A draft from the list keeps its time of day and length, on the day shown, in the first room.
    var first = rows()[0];
    var cols = columns();
    if (!first) { return; }
    var day = first.dataset.at.slice(0, 10);
    var length = toMinutes(moving.end) - toMinutes(moving.start);
    var start = toMinutes(day + "T" + moving.start.slice(11, 16));
    moving.start = fromMinutes(start);
    moving.end = fromMinutes(start + length);
    if (cols.length) { moving.room = cols[document.dir === "rtl" ? cols.length - 1 : 0].room; }
  }

  function described() {
    return fill(panel.dataset.sayPosition, {
      title: "“" + moving.title + "”", start: clock(moving.start), end: clock(moving.end), room: roomName(moving.room)
    });
  }

  function update(announce) {
    panel.querySelector("[data-move-what]").textContent = described();
    drawGhost();
    if (announce) { say(described()); }
    window.clearTimeout(checkTimer);
    checkTimer = window.setTimeout(check, 120);
  }

  function drawGhost() {
    var ghost = board.querySelector(".move-ghost");
    var frame = board.querySelector(".timetable-frame");
    if (!frame) { return; }
    if (!ghost) {
      ghost = document.createElement("div");
      ghost.className = "move-ghost";
      ghost.setAttribute("aria-hidden", "true");
      frame.appendChild(ghost);
    }
    var column = columns().filter(function (c) { return c.room === moving.room; })[0];
    var all = rows();
    var top = all.filter(function (r) { return r.dataset.at === moving.start; })[0];
    var endIndex = all.map(function (r) { return r.dataset.at; }).indexOf(moving.end);
    var bottom = endIndex > 0 ? all[endIndex - 1] : all[all.length - 1];
    if (!column || !top || !bottom) { ghost.hidden = true; return; }
    var base = frame.getBoundingClientRect();
    var topRect = top.getBoundingClientRect();
    ghost.hidden = false;
    ghost.style.left = (column.rect.left - base.left + frame.scrollLeft) + "px";
    ghost.style.width = column.rect.width + "px";
    ghost.style.top = (topRect.top - base.top + frame.scrollTop) + "px";
    ghost.style.height = (bottom.getBoundingClientRect().bottom - topRect.top) + "px";
    ghost.textContent = clock(moving.start) + "–" + clock(moving.end);
  }

  function body(extra) {
    var data = {version: moving.version, starts_local: moving.start, ends_local: moving.end, room_id: moving.room};
    Object.keys(extra || {}).forEach(function (key) { data[key] = extra[key]; });
    return data;
  }

  function post(url, data) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: {"Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": board.dataset.csrf},
      body: JSON.stringify(data)
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (answer) {
        return {status: response.status, answer: answer};
      });
    });
  }

  function check() {
    if (!moving) { return; }
    var seq = checkSeq += 1;
    var at = moving.start + moving.end + moving.room;
    post(moving.checkUrl, body()).then(function (reply) {
      if (!moving || seq !== checkSeq || at !== moving.start + moving.end + moving.room) { return; }
      showConflicts(reply.status === 200 ? reply.answer.conflicts : [], reply.status === 200 ? "" : reply.answer.message);
    });
  }

  function showConflicts(conflicts, problem) {
    var list = panel.querySelector("[data-move-conflicts]");
    var ghost = board.querySelector(".move-ghost");
    list.textContent = "";
    board.querySelectorAll(".move-conflicting").forEach(function (el) { el.classList.remove("move-conflicting"); });
    (conflicts || []).forEach(function (conflict) {
      var li = document.createElement("li");
      li.textContent = conflict.message;
      list.appendChild(li);
      var other = conflict.other && board.querySelector('.timetable-item[data-session="' + conflict.other + '"]');
      if (other) { other.classList.add("move-conflicting"); }
    });
    if (problem) {
      var li = document.createElement("li");
      li.textContent = problem;
      list.appendChild(li);
    }
    var clash = Boolean(problem) || (conflicts && conflicts.length > 0);
    if (ghost) { ghost.classList.toggle("move-ghost-clash", clash); }
    moving.conflicts = conflicts || [];
    var words = problem || (clash ? fill(panel.dataset.sayConflicts, {
      list: conflicts.map(function (c) { return c.message; }).join(" ")
    }) : panel.dataset.sayFree);
    say((moving.intro || "") + described() + ". " + words);
    moving.intro = "";
  }

  function step(how) {
    if (!moving) { return; }
    var start = toMinutes(moving.start);
    var end = toMinutes(moving.end);
    if (how === "earlier" || how === "later") {
      var by = how === "earlier" ? -STEP : STEP;
      start += by; end += by;
    } else if (how === "shorter") {
      end = Math.max(start + STEP, end - STEP);
    } else if (how === "longer") {
      end += STEP;
    } else {
      var cols = columns();
      var index = cols.map(function (c) { return c.room; }).indexOf(moving.room);
      var forward = (how === "next-room") !== (document.dir === "rtl"); // next room: to the left in Arabic
      var next = cols[Math.min(cols.length - 1, Math.max(0, index + (forward ? 1 : -1)))];
      if (next) { moving.room = next.room; }
    }
    moving.start = fromMinutes(start);
    moving.end = fromMinutes(end);
    update(true);
  }

  function cancel(quiet) {
    window.clearTimeout(checkTimer);
    board.querySelectorAll(".move-source, .move-conflicting").forEach(function (el) {
      el.classList.remove("move-source", "move-conflicting");
    });
    var ghost = board.querySelector(".move-ghost");
    if (ghost) { ghost.remove(); }
    var wasMoving = moving;
    moving = null;
    panel.hidden = true;
    panel.querySelector("[data-move-conflicts]").textContent = "";
    if (wasMoving && !quiet) {
      say(panel.dataset.sayCancelled);
      focusSession(wasMoving.id);
    }
  }

  function save() {
    if (!moving) { return; }
    var reasonBox = panel.querySelector("[data-move-reason]");
    var reason = panel.querySelector("#move-reason").value.trim();
    var extra = reasonBox.hidden || !reason ? {} : {save_anyway: true, reason: reason};
    var id = moving.id;
    say(panel.dataset.saySaving);
    post(moving.moveUrl, body(extra)).then(function (reply) {
      var answer = reply.answer || {};
      if (reply.status === 200 || reply.status === 409) {
        cancel(true);
        refresh(id, answer.message);
      } else if (reply.status === 422 && answer.needs_reason) {
        showConflicts(answer.conflicts, "");
        reasonBox.hidden = false;
        say(answer.message + " " + (answer.conflicts || []).map(function (c) { return c.message; }).join(" "));
        panel.querySelector("#move-reason").focus();
      } else {
        say(answer.message || panel.dataset.sayFailed);
      }
    }, function () { say(panel.dataset.sayFailed); });
  }

  function refresh(id, message) {
    // The board as the server now lays it out (after a save, or the current state after a refusal).
    fetch(window.location.href, {credentials: "same-origin", headers: {"Accept": "text/html"}})
      .then(function (response) { return response.text(); })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").querySelector("[data-board]");
        if (fresh) {
          board.innerHTML = fresh.innerHTML;
          board.dataset.csrf = fresh.dataset.csrf;
          enable();
        }
        say(message || "");
        focusSession(id);
      }, function () { say(panel.dataset.sayFailed); });
  }

  function focusSession(id) {
    var button = board.querySelector('[data-session="' + id + '"] [data-pick]');
    if (button) { button.focus(); }
  }

  function enable() {
    board.querySelectorAll("[data-pick], [data-resize]").forEach(function (el) { el.hidden = false; });
  }

  // --- the keyboard and the panel's buttons ------------------------------------------------------
  var KEYS = {ArrowUp: "earlier", ArrowDown: "later"};
  document.addEventListener("keydown", function (event) {
    if (!moving) { return; }
    var inReason = event.target && event.target.id === "move-reason";
    if (event.key === "Escape") { event.preventDefault(); cancel(false); return; }
    if (event.key === "Enter") {
      if (inReason || !event.target.closest || !event.target.closest("[data-move-panel] button")) {
        event.preventDefault();
        save();
      }
      return;
    }
    if (inReason) { return; }
    var how = null;
    if (event.key === "ArrowUp" || event.key === "ArrowDown") {
      how = event.shiftKey ? (event.key === "ArrowUp" ? "shorter" : "longer") : KEYS[event.key];
    } else if (event.key === "ArrowLeft" || event.key === "ArrowRight") {
      // The room seen to the left or right, whichever way the page runs.
      var toRight = event.key === "ArrowRight";
      how = toRight !== (document.dir === "rtl") ? "next-room" : "previous-room";
    }
    if (how) { event.preventDefault(); step(how); }
  });

  panel.addEventListener("click", function (event) {
    var button = event.target.closest("button");
    if (!button) { return; }
    if (button.dataset.step) { step(button.dataset.step); }
    if (button.hasAttribute("data-move-save")) { save(); }
    if (button.hasAttribute("data-move-cancel")) { cancel(false); }
  });

  board.addEventListener("click", function (event) {
    var button = event.target.closest("[data-pick]");
    if (!button) { return; }
    var item = button.closest("[data-session]");
    if (moving && moving.id === item.dataset.session) { save(); } else { pick(item); }
  });

  // --- pointer: drag a session or a draft, or the lower edge of a session -----------------------
  var drag = null; // {item, resize, x, y, offset, started}
  board.addEventListener("pointerdown", function (event) {
    if (event.button !== 0) { return; }
    var item = event.target.closest("[data-session]");
    if (!item || event.target.closest("button")) { return; }
    var resize = Boolean(event.target.closest("[data-resize]"));
    drag = {item: item, resize: resize, x: event.clientX, y: event.clientY, offset: 0, started: false};
    var row = rowAt(event.clientY);
    var all = rows();
    var startIndex = all.map(function (r) { return r.dataset.at; }).indexOf(item.dataset.start);
    if (row && startIndex >= 0 && !item.classList.contains("to-place-item")) {
      drag.offset = all.indexOf(row) - startIndex; // grabbed mid-session: it keeps under the pointer
    }
    event.preventDefault();
  });

  document.addEventListener("pointermove", function (event) {
    if (!drag) { return; }
    if (!drag.started) {
      if (Math.abs(event.clientX - drag.x) + Math.abs(event.clientY - drag.y) < 5) { return; }
      drag.started = true;
      pick(drag.item);
      document.body.classList.add("move-dragging");
    }
    var row = rowAt(event.clientY);
    if (!row || !moving) { return; }
    var all = rows();
    var length = toMinutes(moving.end) - toMinutes(moving.start);
    if (drag.resize) {
      var end = toMinutes(row.dataset.at) + STEP;
      moving.end = fromMinutes(Math.max(toMinutes(moving.start) + STEP, end));
    } else {
      var index = Math.max(0, all.indexOf(row) - drag.offset);
      var column = columnAt(event.clientX);
      moving.start = all[index].dataset.at;
      moving.end = fromMinutes(toMinutes(moving.start) + length);
      if (column) { moving.room = column.room; }
    }
    update(false);
  });

  document.addEventListener("pointerup", function () {
    if (!drag) { return; }
    var started = drag.started;
    drag = null;
    document.body.classList.remove("move-dragging");
    if (started) {
      // A drag that began on the session's title is no click on it.
      dragged = true;
      window.setTimeout(function () { dragged = false; }, 0);
    }
    if (started && moving) {
      // Dropped: the conflicts shown while dragging are asked once more, then it is saved.
      window.clearTimeout(checkTimer);
      save();
    }
  });

  var dragged = false;
  document.addEventListener("click", function (event) {
    if (dragged) { event.preventDefault(); event.stopPropagation(); dragged = false; }
  }, true);
  board.addEventListener("dragstart", function (event) { event.preventDefault(); }); // the browser's own link drag

  enable();
}());
