/* The RBRA layer of the region profile (templates/services/_rbra_layer.html).

   It adds the playgrounds of the region as markers to the profile's existing Leaflet map,
   without touching the map's own script: it registers a Leaflet init hook, so it must run
   before that script creates the map (the include comes before the page's scripts block; both
   wait for DOMContentLoaded and listeners run in the order they were added). The markers come
   from the public GeoJSON endpoint; a checkbox next to the map shows or hides them. The list in
   the page stays the accessible content, and stays usable when anything here fails. */
(function () {
  "use strict";
  var section = document.getElementById("rbra-layer");
  if (!section) { return; }

  // Playground names come from the public GeoJSON, typed by regional officers: the tooltip and
  // the popup are built from text nodes, never from HTML strings (Leaflet writes a string as
  // markup, and the static export has no CSP to stop a script in it).
  function asText(text) {
    var span = document.createElement("span");
    span.textContent = text;
    return span;
  }

  function popup(properties) {
    var box = document.createElement("div");
    var name = document.createElement("strong");
    name.textContent = properties.name;
    box.appendChild(name);
    var details = document.createElement("div");
    details.textContent = properties.district_name + " · " + properties.certification_label +
      " · " + properties.requirements_met + "/" + properties.requirements_total;
    box.appendChild(details);
    return box;
  }

  function attach(map) {
    var element = map.getContainer();
    var toggleRow = document.getElementById("rbra-toggle-row");
    var checkbox = document.getElementById("rbra-toggle");
    // An own pane keeps the markers above the boundary and apart from the boundary's paths.
    map.createPane("rbra");
    var layer = L.featureGroup();
    fetch(section.getAttribute("data-url"), { headers: { Accept: "application/geo+json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        return response.json();
      })
      .then(function (collection) {
        var count = 0;
        collection.features.forEach(function (feature) {
          if (!feature.geometry || feature.geometry.type !== "Point") { return; }
          var lng = feature.geometry.coordinates[0];
          var lat = feature.geometry.coordinates[1];
          var certified = feature.properties.certification === "certified";
          L.circleMarker([lat, lng], {
            pane: "rbra",
            radius: 8,
            color: "#14532d",
            weight: 3,
            fillColor: certified ? "#1e8a4c" : "#ffffff",
            fillOpacity: 1,
          })
            .bindTooltip(asText(feature.properties.name))
            .bindPopup(popup(feature.properties))
            .addTo(layer);
          count += 1;
        });
        element.setAttribute("data-rbra-markers", String(count));
        if (!count) { return; }
        if (checkbox.checked) { layer.addTo(map); }
        checkbox.addEventListener("change", function () {
          if (checkbox.checked) { map.addLayer(layer); } else { map.removeLayer(layer); }
        });
        // The switch goes right under the map it acts on.
        element.parentNode.insertBefore(toggleRow, element.nextSibling);
        toggleRow.hidden = false;
      })
      .catch(function () {
        element.setAttribute("data-rbra-markers", "error");
      });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var mapId = section.getAttribute("data-map");
    if (!window.L || !window.fetch || !document.getElementById(mapId)) { return; }
    var attached = false;
    L.Map.addInitHook(function () {
      var container = this.getContainer();
      if (!attached && container && container.id === mapId) {
        attached = true;
        attach(this);
      }
    });
  });
})();
