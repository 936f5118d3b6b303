/* Deadline countdown on the workspace, in whole minutes. */
(function () {
  "use strict";
  var holder = document.querySelector("[data-deadline]");
  var countdown = document.querySelector("[data-countdown]");
  if (!holder || !countdown) { return; }
  var deadline = new Date(holder.getAttribute("data-deadline"));
  function label(name) { return countdown.getAttribute("data-label-" + name); }
  function tick() {
    var left = Math.floor((deadline - new Date()) / 60000);
    if (left <= 0) { countdown.textContent = "(" + label("closed") + ")"; return; }
    var days = Math.floor(left / 1440), hours = Math.floor((left % 1440) / 60), minutes = left % 60;
    countdown.textContent = "(" + days + " " + label("days") + " " + hours + " " + label("hours") + " " + minutes + " " + label("minutes") + ")";
  }
  tick();
  setInterval(tick, 30000);
})();
