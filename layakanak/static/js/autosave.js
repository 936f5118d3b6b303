/* Saves each answer as it is given. When the connection drops, answers are kept in the
   browser (localStorage) and sent when it returns, so nothing typed is lost. */
(function () {
  "use strict";
  var list = document.querySelector("[data-workspace]");
  if (!list) { return; }
  var submission = list.getAttribute("data-submission");
  var msg = function (name) { return list.getAttribute("data-msg-" + name) || name; };
  var lang = list.getAttribute("data-lang") || "id";
  var draftKey = function (code) { return "layakanak:draft:" + submission + ":" + code; };
  var banner = document.querySelector("[data-offline-banner]");
  var retryTimer = null;

  function csrfToken(form) {
    var input = form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function readValue(form) {
    var type = form.getAttribute("data-type");
    if (type === "checklist") {
      return Array.prototype.map.call(form.querySelectorAll("input[name=value]:checked"), function (el) { return el.value; });
    }
    if (type === "single_choice" || type === "yes_no") {
      var checked = form.querySelector("input[name=value]:checked");
      if (!checked) { return ""; }
      if (type === "yes_no") { return checked.value === "yes"; }
      return checked.value;
    }
    if (type === "percentage") {
      return [form.querySelector("input[name=numerator]").value.trim(), form.querySelector("input[name=denominator]").value.trim()];
    }
    var field = form.querySelector("[name=value]");
    return field ? field.value : "";
  }

  function writeValue(form, value) {
    var type = form.getAttribute("data-type");
    if (type === "checklist") {
      form.querySelectorAll("input[name=value]").forEach(function (el) { el.checked = value.indexOf(el.value) !== -1; });
    } else if (type === "single_choice" || type === "yes_no") {
      var wanted = type === "yes_no" ? (value === true ? "yes" : value === false ? "no" : "") : value;
      form.querySelectorAll("input[name=value]").forEach(function (el) { el.checked = el.value === wanted; });
    } else if (type === "percentage") {
      // Stored decimals come as "12.5": shown with the page language's separator, as the server does.
      form.querySelector("input[name=numerator]").value = value ? LayakanakFormat.decimalInput(value[0], lang) : "";
      form.querySelector("input[name=denominator]").value = value ? LayakanakFormat.decimalInput(value[1], lang) : "";
      showPercent(form);
    } else {
      var field = form.querySelector("[name=value]");
      if (type === "number") { value = LayakanakFormat.decimalInput(value, lang); }
      if (field) { field.value = value === null || value === undefined ? "" : value; }
    }
  }

  function showPercent(form) {
    var out = form.querySelector("[data-percent]");
    if (!out) { return; }
    var parse = function (s) { return parseFloat(String(s).replace(/\s/g, "").replace(",", ".")); };
    var n = parse(form.querySelector("input[name=numerator]").value);
    var d = parse(form.querySelector("input[name=denominator]").value);
    if (isFinite(n) && isFinite(d) && d > 0) {
      out.textContent = LayakanakFormat.number(n * 100 / d, lang, 0, 2) + "%";
    } else {
      out.textContent = "";
    }
  }

  function setState(form, text, kind) {
    var state = form.querySelector("[data-save-state]");
    if (!state) { return; }
    state.textContent = text;
    state.className = "save-state" + (kind ? " save-state-" + kind : "");
  }

  function version(form) { return parseInt(form.getAttribute("data-version") || "0", 10); }
  function setVersion(form, v) {
    form.setAttribute("data-version", String(v));
    var hidden = form.querySelector("input[name=version]");
    if (hidden) { hidden.value = String(v); }
  }

  function applyResult(form, body) {
    setVersion(form, body.version);
    // In the region's zone with its label, as the server shows "Saved …" (static/js/format.js).
    setState(form, msg("saved") + " " + LayakanakFormat.timeFor(form, body.saved_at), "saved");
    var item = form.closest(".answer-item");
    var pts = item && item.querySelector("[data-points]");
    if (pts) { pts.textContent = body.points; }
    document.querySelectorAll("[data-live-total]").forEach(function (el) { el.textContent = body.total; });
    document.querySelectorAll("[data-live-band]").forEach(function (el) {
      el.textContent = lang === "en" ? body.band.name_en : body.band.name_id;
      el.className = "predicate predicate-" + body.band.code;
    });
    // A must-meet rule of the instrument that holds the predicate below the total's band.
    document.querySelectorAll("[data-live-held]").forEach(function (el) {
      el.textContent = body.held_back ? (lang === "en" ? body.held_back.en : body.held_back.id) : "";
      el.hidden = !body.held_back;
    });
    // The readiness counter (answers and required documents): the same count on every page.
    if (body.ready) {
      document.querySelectorAll("[data-live-ready]").forEach(function (el) {
        el.textContent = "[" + body.ready.done + "/" + body.ready.total + "]";
        el.classList.toggle("counter-done", body.ready.done >= body.ready.total);
      });
    }
    Object.keys(body.visible || {}).forEach(function (code) {
      var li = document.getElementById("q-" + code);
      if (li) { li.hidden = !body.visible[code]; }
    });
  }

  function keepDraft(form, value) {
    try {
      localStorage.setItem(draftKey(form.getAttribute("data-code")), JSON.stringify({ value: value, version: version(form), at: Date.now() }));
    } catch (e) { /* storage full or disabled: the visible state still says "not saved" */ }
  }
  function dropDraft(form) {
    try { localStorage.removeItem(draftKey(form.getAttribute("data-code"))); } catch (e) { /* ignore */ }
  }

  function showConflict(form, body, value) {
    setState(form, body.error, "error");
    var state = form.querySelector("[data-save-state]");
    var mine = document.createElement("button");
    mine.type = "button"; mine.className = "button-small"; mine.textContent = msg("conflict-use-mine");
    mine.addEventListener("click", function () { setVersion(form, body.current.version); save(form, value); });
    var theirs = document.createElement("button");
    theirs.type = "button"; theirs.className = "button-small"; theirs.textContent = msg("conflict-reload");
    theirs.addEventListener("click", function () {
      setVersion(form, body.current.version); writeValue(form, body.current.value); dropDraft(form);
      setState(form, "", "");
    });
    state.appendChild(document.createTextNode(" "));
    state.appendChild(mine);
    state.appendChild(document.createTextNode(" "));
    state.appendChild(theirs);
  }

  function offline(form, value) {
    keepDraft(form, value);
    setState(form, msg("offline"), "offline");
    if (banner) { banner.hidden = false; }
    if (!retryTimer) { retryTimer = setTimeout(flushDrafts, 15000); }
  }

  // One save per question at a time: a change made while a save is on its way waits for it
  // and is then sent with the version that save returned (the latest change wins), so answers
  // never arrive out of order and an older reply never overwrites the state of a newer change.
  var inFlight = {};
  var queued = {};
  var has = function (object, key) { return Object.prototype.hasOwnProperty.call(object, key); };

  function save(form, value) {
    if (value === undefined) { value = readValue(form); }
    var code = form.getAttribute("data-code");
    keepDraft(form, value);
    setState(form, msg("saving"), "saving");
    if (inFlight[code]) { queued[code] = value; return inFlight[code]; }
    var request = fetch(form.action, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken(form), "Accept": "application/json" },
      body: JSON.stringify({ value: value, version: version(form) }),
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) {
        var newer = has(queued, code);
        if (response.ok) {
          applyResult(form, body);
          if (!newer) { dropDraft(form); }
          return true;
        }
        if (response.status === 409 && body.conflict) {
          var mine = newer ? queued[code] : value;
          delete queued[code];
          showConflict(form, body, mine);
          return false;
        }
        if (response.status >= 500) { throw new Error("server"); }
        if (!newer) {
          dropDraft(form);
          setState(form, msg("error") + ": " + (body.error || response.status), "error");
        }
        return false;
      });
    }).catch(function () {
      var latest = has(queued, code) ? queued[code] : value;
      delete queued[code];
      offline(form, latest);
      return false;
    });
    inFlight[code] = request.then(function (saved) {
      inFlight[code] = null;
      if (!has(queued, code)) { return saved; }
      var next = queued[code];
      delete queued[code];
      return save(form, next);
    });
    return inFlight[code];
  }

  function flushDrafts() {
    retryTimer = null;
    var pending = [];
    document.querySelectorAll(".answer-form").forEach(function (form) {
      var raw = null;
      try { raw = localStorage.getItem(draftKey(form.getAttribute("data-code"))); } catch (e) { raw = null; }
      if (raw) { pending.push([form, JSON.parse(raw)]); }
    });
    if (!pending.length) { if (banner) { banner.hidden = true; } return; }
    Promise.all(pending.map(function (entry) { return save(entry[0], entry[1].value); })).then(function (results) {
      if (results.every(Boolean) && banner) { banner.hidden = true; }
    });
  }

  function changedBeforeLoad(form) {
    return Array.prototype.some.call(form.querySelectorAll("input, textarea, select"), function (field) {
      if (field.type === "hidden" || field.type === "submit" || field.type === "button") { return false; }
      if (field.type === "radio" || field.type === "checkbox") { return field.checked !== field.defaultChecked; }
      if (field.tagName === "SELECT") {
        return Array.prototype.some.call(field.options, function (o) { return o.selected !== o.defaultSelected; });
      }
      return field.value !== field.defaultValue;
    });
  }

  var timers = {};
  document.querySelectorAll(".answer-form").forEach(function (form) {
    var code = form.getAttribute("data-code");
    var type = form.getAttribute("data-type");
    if (form.querySelector("fieldset[disabled], [disabled]")) { return; }
    // Restore what was typed offline before a reload, so nothing is lost.
    var raw = null;
    try { raw = localStorage.getItem(draftKey(code)); } catch (e) { raw = null; }
    if (raw) {
      var draft = JSON.parse(raw);
      writeValue(form, draft.value);
      setState(form, msg("offline"), "offline");
    }
    if (type === "percentage") { showPercent(form); }
    // On a slow network a person can type before this script has run: those changes fired
    // no event we heard, so they are saved now rather than lost.
    if (!raw && changedBeforeLoad(form)) { save(form); }
    form.addEventListener("submit", function (event) { event.preventDefault(); save(form); });
    form.addEventListener("change", function () { clearTimeout(timers[code]); save(form); });
    form.addEventListener("input", function (event) {
      if (type === "percentage") { showPercent(form); }
      if (event.target.type === "radio" || event.target.type === "checkbox") { return; }
      var value = readValue(form);
      keepDraft(form, value);
      clearTimeout(timers[code]);
      timers[code] = setTimeout(function () { save(form); }, 1200);
    });
  });
  window.addEventListener("online", flushDrafts);
  window.addEventListener("offline", function () { if (banner) { banner.hidden = false; } });
  if (navigator.onLine) { flushDrafts(); }
})();
