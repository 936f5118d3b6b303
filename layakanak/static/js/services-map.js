/* Puts the listed services or playgrounds (elements with data-lat/data-lng) on a Leaflet map,
   without any tile server. The list stays the primary, accessible content. Names are typed by
   regional officers: a tooltip is built from a text node, never from an HTML string (Leaflet
   writes a string as markup, and the static export has no CSP to stop a script in it). */
(function () {
  "use strict";
  function asText(text) {
    var span = document.createElement("span");
    span.textContent = text;
    return span;
  }
  function draw(element) {
    var list = document.querySelector(element.getAttribute("data-points"));
    if (!list) { return; }
    var items = list.querySelectorAll("[data-lat][data-lng]");
    var map = L.map(element, { scrollWheelZoom: false, keyboard: true });
    map.attributionControl.setPrefix("Leaflet");
    var bounds = [];
    items.forEach(function (item) {
      var lat = parseFloat(item.getAttribute("data-lat"));
      var lng = parseFloat(item.getAttribute("data-lng"));
      if (isNaN(lat) || isNaN(lng)) { return; }
      L.circleMarker([lat, lng], { radius: 8, color: "#0b5394", weight: 2, fillColor: "#4a90d9", fillOpacity: 0.8 })
        .bindTooltip(asText(item.getAttribute("data-name") || ""))
        .addTo(map);
      bounds.push([lat, lng]);
    });
    if (bounds.length) {
      map.fitBounds(bounds, { padding: [24, 24], maxZoom: 14 });
      element.setAttribute("data-drawn", "true");
    }
  }
  document.addEventListener("DOMContentLoaded", function () {
    var element = document.getElementById("services-map");
    if (!element) { return; }
    try {
      if (!window.L) { throw new Error("Leaflet missing"); }
      draw(element);
    } catch (e) {
      element.classList.add("map-error");
      element.textContent = element.getAttribute("data-error") || "";
    }
  });
})();
