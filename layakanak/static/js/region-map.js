/* Draws a region's boundary with Leaflet, without any tile server. */
(function () {
  "use strict";
  function draw(element) {
    var url = element.getAttribute("data-boundary-url");
    var map = L.map(element, {
      attributionControl: true,
      zoomControl: true,
      scrollWheelZoom: false,
      keyboard: true,
    });
    map.attributionControl.setPrefix("Leaflet");
    map.attributionControl.addAttribution("Batas wilayah: BIG (via cahyadsn/wilayah_boundaries)");
    fetch(url, { headers: { Accept: "application/geo+json, application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        return response.json();
      })
      .then(function (feature) {
        var layer = L.geoJSON(feature, {
          style: { color: "#0b5394", weight: 2, fillColor: "#4a90d9", fillOpacity: 0.35 },
        }).addTo(map);
        map.fitBounds(layer.getBounds(), { padding: [12, 12] });
        element.setAttribute("data-drawn", "true");
      })
      .catch(function () {
        element.classList.add("map-error");
        element.textContent = element.getAttribute("data-error") || "Peta tidak dapat dimuat. / The map could not be loaded.";
      });
  }
  document.addEventListener("DOMContentLoaded", function () {
    var element = document.getElementById("region-map");
    if (element && window.L) { draw(element); }
  });
})();
