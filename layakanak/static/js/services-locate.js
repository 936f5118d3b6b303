/* "Use my location" on the public child-service forms (templates/services/_locate.html).

   Only when the person presses the button: ask the browser for the position, send it once in a
   POST body (never in a URL) without cookies to the point-in-polygon lookup, and choose the
   returned kab/kota in the list. The position is not stored anywhere. Whatever fails, the list
   stays as it was and a message says to choose from it. */
(function () {
  "use strict";

  function setup(box) {
    var select = document.querySelector(box.getAttribute("data-locate-target"));
    var button = box.querySelector(".locate-button");
    var status = box.querySelector(".locate-status");
    if (!select || !button || !status) { return; }

    function say(key, name) {
      status.textContent = (box.getAttribute("data-" + key) || "").replace("{name}", name || "");
    }

    function done() { button.disabled = false; }

    function choose(region) {
      var option = Array.prototype.find.call(select.options, function (o) { return o.value === region.code; });
      if (!option) { say("not-found"); return; }
      select.value = region.code;
      select.dispatchEvent(new Event("change", { bubbles: true }));
      say("found", region.name);
      if (box.getAttribute("data-locate-submit") === "true" && select.form) {
        select.form.submit();
      }
    }

    function lookup(position) {
      fetch(box.getAttribute("data-url"), {
        method: "POST",
        credentials: "omit",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify({
          latitude: position.coords.latitude,
          longitude: position.coords.longitude,
        }),
      })
        .then(function (response) {
          if (response.status === 404) { return null; }
          if (!response.ok) { throw new Error("HTTP " + response.status); }
          return response.json();
        })
        .then(function (region) {
          if (region) { choose(region); } else { say("not-found"); }
        })
        .catch(function () { say("failed"); })
        .then(done);
    }

    button.addEventListener("click", function () {
      button.disabled = true;
      say("working");
      navigator.geolocation.getCurrentPosition(lookup, function (error) {
        say(error && error.code === 1 ? "denied" : "failed");
        done();
      }, { enableHighAccuracy: false, timeout: 20000, maximumAge: 300000 });
    });
    box.hidden = false;
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (!("geolocation" in navigator) || !window.fetch) { return; }
    document.querySelectorAll("[data-locate-target]").forEach(setup);
  });
})();
