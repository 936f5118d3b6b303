/* Evidence (data dukung) uploads in 1 MB chunks that survive weak networks.
 *
 * Each slot (templates/evaluation/_evidence_slot.html, [data-evidence-slot]) carries its
 * configuration and its messages in data- attributes (no inline script: CSP forbids it).
 * A chunk that fails is sent again with a growing pause (1 s, 2 s, 4 s … 30 s); while the
 * browser is offline the upload waits and goes on at the `online` event. The upload in progress
 * is remembered in localStorage: after a reload the server says how many bytes it has, and
 * choosing the same file again continues from there.
 */
(function () {
  "use strict";

  var STORE_PREFIX = "layakanak.evidence.";
  var MAX_PAUSE = 30000;

  function fill(template, values) {
    return String(template || "").replace(/\{(\w+)\}/g, function (all, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? values[key] : all;
    });
  }

  function percent(done, total) {
    return total ? Math.floor((done * 100) / total) : 0;
  }

  function csrfToken(slot) {
    var input = slot.querySelector("input[name=csrfmiddlewaretoken]");
    if (input) { return input.value; }
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function remember(slot, state) {
    try {
      if (state) {
        localStorage.setItem(STORE_PREFIX + slot.dataset.key, JSON.stringify(state));
      } else {
        localStorage.removeItem(STORE_PREFIX + slot.dataset.key);
      }
    } catch (e) { /* private mode: resuming after a reload is not possible, the rest works */ }
  }

  function remembered(slot) {
    try {
      return JSON.parse(localStorage.getItem(STORE_PREFIX + slot.dataset.key) || "null");
    } catch (e) { return null; }
  }

  function waitOnline() {
    return new Promise(function (resolve) {
      if (navigator.onLine) { resolve(); return; }
      window.addEventListener("online", function once() {
        window.removeEventListener("online", once);
        resolve();
      });
    });
  }

  function pause(ms) {
    // Resolves after `ms`, or at once when the connection comes back.
    return new Promise(function (resolve) {
      var timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        window.removeEventListener("online", done);
        resolve();
      }
      window.addEventListener("online", done);
    });
  }

  function UploadError(message) { this.message = message; }

  function Slot(slot) {
    this.slot = slot;
    this.input = slot.querySelector("[data-evidence-input]");
    this.progress = slot.querySelector("[data-evidence-progress]");
    this.status = slot.querySelector("[data-evidence-status]");
    this.list = slot.querySelector("[data-evidence-files]");
    this.busy = false;
  }

  Slot.prototype.msg = function (name, values) {
    return fill(this.slot.getAttribute("data-msg-" + name), values || {});
  };

  Slot.prototype.say = function (text, isError) {
    this.status.textContent = text;
    this.status.classList.toggle("evidence-error", !!isError);
  };

  Slot.prototype.show = function (received, size) {
    var value = percent(received, size);
    this.progress.hidden = false;
    this.progress.value = value;
    this.progress.textContent = value + "%";
    return value + "%";
  };

  Slot.prototype.request = async function (method, url, body, contentType) {
    // One request, repeated with a growing pause while the network or the server fails.
    // Returns {status, body} for any answer below 500.
    var attempt = 0;
    for (;;) {
      if (!navigator.onLine) {
        this.say(this.msg("offline", { percent: this.progress.value + "%" }));
        await waitOnline();
      }
      var response = null;
      try {
        var headers = { "X-CSRFToken": csrfToken(this.slot), "Accept": "application/json" };
        if (contentType) { headers["Content-Type"] = contentType; }
        response = await fetch(url, { method: method, body: body, headers: headers, credentials: "same-origin" });
      } catch (e) {
        response = null;
      }
      if (response && response.status < 500) {
        var data = {};
        try { data = await response.json(); } catch (e) { data = {}; }
        return { status: response.status, body: data };
      }
      var wait = Math.min(MAX_PAUSE, 1000 * Math.pow(2, attempt)) + Math.floor(Math.random() * 500);
      attempt += 1;
      this.say(navigator.onLine
        ? this.msg("retrying", { seconds: Math.round(wait / 1000) })
        : this.msg("offline", { percent: this.progress.value + "%" }));
      await pause(wait);
    }
  };

  Slot.prototype.begin = async function (file) {
    var limit = parseInt(this.slot.dataset.maxBytes, 10);
    if (file.size === 0) { this.say(this.msg("empty"), true); return; }
    if (limit && file.size > limit) { this.say(this.msg("too-large"), true); return; }
    if (this.busy) { return; }
    this.busy = true;
    try {
      var state = await this.resumable(file);
      if (!state) {
        var started = await this.request("POST", this.slot.dataset.startUrl, JSON.stringify({
          question: this.slot.dataset.question,
          requirement: this.slot.dataset.requirement,
          name: file.name,
          size: file.size
        }), "application/json");
        if (started.status !== 201) { throw new UploadError(started.body.error || this.msg("failed")); }
        state = started.body;
      }
      remember(this.slot, {
        status_url: state.status_url, name: file.name, size: file.size,
        modified: file.lastModified, received: state.received
      });
      await this.send(file, state);
    } catch (error) {
      this.say(error instanceof UploadError ? error.message : this.msg("failed"), true);
    } finally {
      this.busy = false;
      this.input.value = "";
    }
  };

  Slot.prototype.resumable = async function (file) {
    // The interrupted upload of this very file, as the server knows it now; null otherwise.
    var pending = remembered(this.slot);
    if (!pending || pending.name !== file.name || pending.size !== file.size ||
        pending.modified !== file.lastModified) {
      return null;
    }
    var answer = await this.request("GET", pending.status_url);
    if (answer.status !== 200 || answer.body.complete) {
      remember(this.slot, null);
      return null;
    }
    return answer.body;
  };

  Slot.prototype.send = async function (file, state) {
    var received = state.received;
    while (received < state.size) {
      var end = Math.min(received + state.chunk_size, state.size);
      this.say(this.msg("uploading", { percent: this.show(received, state.size) }));
      var answer = await this.request(
        "PUT", state.chunk_url + "?offset=" + received, file.slice(received, end),
        "application/octet-stream"
      );
      if (answer.status === 200 || (answer.status === 409 && typeof answer.body.received === "number")) {
        received = answer.body.received;
        var pending = remembered(this.slot);
        if (pending) { pending.received = received; remember(this.slot, pending); }
        continue;
      }
      remember(this.slot, null);
      throw new UploadError(answer.body.error || this.msg("failed"));
    }
    this.show(state.size, state.size);
    this.say(this.msg("checking"));
    var finished = await this.request("POST", state.finish_url);
    remember(this.slot, null);
    if (finished.status !== 201) {
      this.progress.hidden = true;
      throw new UploadError(finished.body.error || this.msg("failed"));
    }
    this.add(finished.body.file);
    this.say(this.msg("done"));
  };

  Slot.prototype.add = function (file) {
    var empty = this.list.querySelector("[data-evidence-empty]");
    if (empty) { empty.remove(); }
    var item = document.createElement("li");
    item.className = "evidence-file";
    item.setAttribute("data-evidence-file", file.id);
    var link = document.createElement("a");
    link.href = file.download_url;
    link.textContent = file.name;
    var meta = document.createElement("span");
    meta.className = "muted";
    meta.textContent = " " + file.size_display + " · SHA-256 ";
    var sha = document.createElement("code");
    sha.className = "code";
    sha.title = file.sha256;
    sha.textContent = file.sha256.slice(0, 12);
    meta.appendChild(sha);
    var form = document.createElement("form");
    form.className = "evidence-remove";
    form.method = "post";
    form.action = file.remove_url;
    form.setAttribute("data-evidence-remove", "");
    form.setAttribute("data-name", file.name);
    var token = document.createElement("input");
    token.type = "hidden";
    token.name = "csrfmiddlewaretoken";
    token.value = csrfToken(this.slot);
    var next = document.createElement("input");
    next.type = "hidden";
    next.name = "next";
    next.value = window.location.pathname + window.location.search + "#" + this.slot.id;
    var button = document.createElement("button");
    button.type = "submit";
    button.className = "link-button";
    button.textContent = this.msg("remove");
    form.appendChild(token);
    form.appendChild(next);
    form.appendChild(button);
    item.appendChild(link);
    item.appendChild(meta);
    item.appendChild(form);
    this.list.appendChild(item);
  };

  Slot.prototype.restore = async function () {
    // After a reload: say that an upload was interrupted and how far it got.
    var pending = remembered(this.slot);
    if (!pending) { return; }
    var answer = await this.request("GET", pending.status_url);
    if (answer.status !== 200 || answer.body.complete) {
      remember(this.slot, null);
      return;
    }
    var shown = this.show(answer.body.received, answer.body.size);
    this.say(this.msg("interrupted", { name: pending.name, percent: shown }));
  };

  function init() {
    document.querySelectorAll("[data-evidence-slot]").forEach(function (element) {
      var slot = new Slot(element);
      if (slot.input) {
        slot.input.addEventListener("change", function () {
          if (slot.input.files && slot.input.files[0]) { slot.begin(slot.input.files[0]); }
        });
        slot.restore();
      }
    });
    document.addEventListener("submit", function (event) {
      var form = event.target;
      if (!form.matches || !form.matches("[data-evidence-remove]")) { return; }
      var slot = form.closest("[data-evidence-slot]");
      var question = fill(slot ? slot.getAttribute("data-msg-confirm-remove") : "", {
        name: form.getAttribute("data-name") || ""
      });
      if (!window.confirm(question)) { event.preventDefault(); }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
}());
