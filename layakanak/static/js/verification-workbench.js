/* The verifier's workbench: each check saves itself as it changes (JSON), the running stage
   score follows, and the keyboard moves between questions (j/k) and sets verdicts (a/e/i).
   Without JavaScript every check is a plain form with a Save button. */
(function () {
  "use strict";
  var list = document.querySelector("[data-workbench]");
  if (!list) { return; }
  var msg = function (name) { return list.getAttribute("data-msg-" + name) || name; };
  var items = Array.prototype.slice.call(list.querySelectorAll(".check-item"));

  function setState(form, text, kind) {
    var state = form.querySelector("[data-save-state]");
    if (!state) { return; }
    state.textContent = text;
    state.className = "save-state" + (kind ? " save-state-" + kind : "");
  }
  function setVersion(form, v) {
    form.setAttribute("data-version", String(v));
    form.querySelector("input[name=version]").value = String(v);
  }
  function read(form) {
    var status = form.querySelector("input[name=status]:checked");
    return {
      points: form.querySelector("input[name=points]").value.trim(),
      status: status ? status.value : "",
      comment: form.querySelector("textarea[name=comment]").value,
      version: parseInt(form.getAttribute("data-version") || "0", 10)
    };
  }
  function write(form, current) {
    // The server's text for the field ("14,00" in Indonesian), as the page showed it.
    form.querySelector("input[name=points]").value = current.points_input || current.points;
    form.querySelector("textarea[name=comment]").value = current.comment;
    form.querySelectorAll("input[name=status]").forEach(function (el) { el.checked = el.value === current.status; });
  }
  function showRunning(body) {
    var set = function (sel, value) { document.querySelectorAll(sel).forEach(function (el) { el.textContent = value; }); };
    set("[data-running-total]", body.total);
    set("[data-running-difference]", body.difference);
    set("[data-running-checked]", String(body.checked));
    if (body.insufficient !== undefined) { set("[data-insufficient-count]", String(body.insufficient)); }
  }
  function showConflict(form, body) {
    setState(form, body.error || msg("error"), "error");
    var button = document.createElement("button");
    button.type = "button"; button.className = "button-small"; button.textContent = msg("take-theirs");
    button.addEventListener("click", function () {
      write(form, body.current); setVersion(form, body.current.version); setState(form, "", "");
    });
    form.querySelector("[data-save-state]").appendChild(document.createTextNode(" "));
    form.querySelector("[data-save-state]").appendChild(button);
  }

  // One save per question at a time (as autosave.js does for answers): a change made while a
  // save is on its way, or the Save button pressed meanwhile, waits for that save and is then
  // sent with the version it returned. Two saves of one question never race, so a verifier
  // never meets an edit conflict with their own change.
  var inFlight = {};
  var queued = {};
  var same = function (a, b) {
    return a.points === b.points && a.status === b.status && a.comment === b.comment;
  };

  function send(form, data) {
    var code = form.getAttribute("data-code");
    return fetch(form.action, {
      method: "POST",
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": form.querySelector("input[name=csrfmiddlewaretoken]").value },
      body: JSON.stringify(data),
      credentials: "same-origin"
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) { return { status: response.status, body: body }; });
    }).then(function (result) {
      var newer = queued[code];
      if (result.status === 200) {
        setVersion(form, result.body.version);
        var item = form.closest(".check-item");
        item.className = item.className.replace(/check-(pending|accepted|adjusted|evidence_insufficient)/, "check-" + result.body.status);
        showRunning(result.body);
        if (!newer) { setState(form, msg("saved"), "saved"); }
        return data;
      }
      if (result.status === 409 && result.body.conflict) {
        delete queued[code];  // someone else's check came first: the verifier chooses
        showConflict(form, result.body);
        return null;
      }
      if (!newer) { setState(form, result.body.error || msg("error"), "error"); }
      return null;
    }).catch(function () {
      if (!queued[code]) { setState(form, msg("error"), "error"); }
      return null;
    });
  }

  function save(form) {
    var code = form.getAttribute("data-code");
    if (!read(form).status) { return null; }
    setState(form, msg("saving"), "saving");
    if (inFlight[code]) { queued[code] = true; return inFlight[code]; }
    var data = read(form);
    inFlight[code] = send(form, data).then(function (saved) {
      inFlight[code] = null;
      if (!queued[code]) { return saved; }
      delete queued[code];
      if (saved && same(saved, read(form))) {  // nothing changed since: that save was enough
        setState(form, msg("saved"), "saved");
        return saved;
      }
      return save(form);
    });
    return inFlight[code];
  }

  list.querySelectorAll(".check-form").forEach(function (form) {
    // The Save button (and Enter in the score field) goes through the same queue.
    form.addEventListener("submit", function (event) { event.preventDefault(); save(form); });
    form.querySelectorAll("input[name=status]").forEach(function (el) {
      el.addEventListener("change", function () {
        if (el.value === "accepted") { form.querySelector("input[name=points]").value = form.getAttribute("data-start"); }
        if (el.value === "accepted" || form.querySelector("textarea[name=comment]").value.trim()) { save(form); }
      });
    });
    form.querySelector("input[name=points]").addEventListener("change", function () { save(form); });
    form.querySelector("textarea[name=comment]").addEventListener("change", function () { save(form); });
    // On a slow network a verdict can be chosen before this script has run: save it now, as
    // the handlers above would have (a verdict other than "accepted" waits for its comment).
    var points = form.querySelector("input[name=points]");
    var comment = form.querySelector("textarea[name=comment]");
    var status = form.querySelector("input[name=status]:checked");
    var statusChanged = Array.prototype.some.call(form.querySelectorAll("input[name=status]"), function (el) {
      return el.checked !== el.defaultChecked;
    });
    if (points.value !== points.defaultValue || comment.value !== comment.defaultValue ||
        (statusChanged && status && (status.value === "accepted" || comment.value.trim()))) {
      save(form);
    }
  });

  var current = -1;
  function focusItem(index) {
    if (!items.length) { return; }
    current = Math.max(0, Math.min(items.length - 1, index));
    items.forEach(function (el) { el.classList.remove("is-current"); });
    items[current].classList.add("is-current");
    items[current].focus();
    items[current].scrollIntoView({ block: "nearest" });
  }
  function currentForm() { return current >= 0 ? items[current].querySelector(".check-form") : null; }
  function choose(form, value) {
    var radio = form.querySelector("input[name=status][value=" + value + "]");
    if (radio && !radio.disabled) { radio.checked = true; radio.dispatchEvent(new Event("change")); }
    return radio;
  }
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.key === "Escape" && target.matches("input, textarea, select")) {
      target.blur(); if (current >= 0) { items[current].focus(); } return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey || target.matches("input[type=text], textarea, select")) { return; }
    var form = currentForm();
    if (event.key === "j") { focusItem(current + 1); event.preventDefault(); }
    else if (event.key === "k") { focusItem(current - 1); event.preventDefault(); }
    else if (event.key === "a" && form) { choose(form, "accepted"); event.preventDefault(); }
    else if (event.key === "e" && form) {
      choose(form, "adjusted"); form.querySelector("input[name=points]").focus(); event.preventDefault();
    } else if (event.key === "i" && form) {
      var radio = form.querySelector("input[name=status][value=evidence_insufficient]");
      if (radio && !radio.disabled) { radio.checked = true; form.querySelector("textarea[name=comment]").focus(); }
      event.preventDefault();
    } else if (event.key === "o" && current >= 0) {
      var link = items[current].querySelector("[data-evidence-link]");
      if (link) { window.open(link.href, "_blank", "noopener"); }
    }
  });
  items.forEach(function (el, index) { el.addEventListener("focusin", function () { current = index; }); });
}());
