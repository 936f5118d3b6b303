/* The national map of the home page: the 514 kab/kota coloured (and patterned) by predicate.
   Boundaries come from the shipped TopoJSON (a static file, compressed and cached for a year),
   results from the public API (/api/v1/cycles/<cycle>/results, revalidated with its ETag).
   No tile server. Every shape is focusable: its tooltip shows on hover and on keyboard focus,
   and a click or Enter opens the region's profile. The table below the map has the same data. */
(function () {
  "use strict";

  /* TopoJSON → GeoJSON for Polygon and MultiPolygon geometries (delta-encoded, quantized arcs). */
  function decodeArcs(topology) {
    var t = topology.transform;
    return topology.arcs.map(function (arc) {
      var x = 0, y = 0;
      return arc.map(function (point) {
        if (!t) { return [point[0], point[1]]; }
        x += point[0]; y += point[1];
        return [x * t.scale[0] + t.translate[0], y * t.scale[1] + t.translate[1]];
      });
    });
  }
  function ring(arcs, indexes) {
    var coordinates = [];
    indexes.forEach(function (index, k) {
      var arc = index < 0 ? arcs[~index].slice().reverse() : arcs[index];
      for (var j = k > 0 ? 1 : 0; j < arc.length; j++) { coordinates.push(arc[j]); }
    });
    return coordinates;
  }
  function features(topology, name, arcs) {
    return topology.objects[name].geometries.map(function (g) {
      var geometry = null;
      if (g.type === "Polygon") {
        geometry = { type: "Polygon", coordinates: g.arcs.map(function (r) { return ring(arcs, r); }) };
      } else if (g.type === "MultiPolygon") {
        geometry = { type: "MultiPolygon", coordinates: g.arcs.map(function (p) {
          return p.map(function (r) { return ring(arcs, r); });
        }) };
      }
      return { type: "Feature", properties: g.properties || {}, geometry: geometry };
    }).filter(function (f) { return f.geometry; });
  }

  function getJSON(url) {
    return fetch(url, { headers: { Accept: "application/json" } }).then(function (response) {
      if (!response.ok) { throw new Error("HTTP " + response.status); }
      return response.json();
    });
  }
  /* Every page of the cycle's results (one page of up to 1000 rows in practice). */
  function allResults(url, rows) {
    return getJSON(url).then(function (body) {
      rows = (rows || []).concat(body.results);
      return body.next ? allResults(body.next, rows) : rows;
    });
  }

  function draw(element) {
    var lang = document.documentElement.lang === "en" ? "en" : "id";
    var score = new Intl.NumberFormat(lang, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    var legendNode = document.getElementById("map-legend");
    var legend = legendNode ? JSON.parse(legendNode.textContent) : {};
    var province = element.getAttribute("data-province");
    var profile = element.getAttribute("data-profile");
    // The static export names the page file (object storage serves no index documents).
    var indexFile = element.getAttribute("data-index-file") || "";
    var absent = element.getAttribute("data-label-absent");
    var scoreLabel = element.getAttribute("data-label-score");

    Promise.all([getJSON(element.getAttribute("data-topojson")), allResults(element.getAttribute("data-results"))])
      .then(function (loaded) {
        var topology = loaded[0];
        var byCode = {};
        loaded[1].forEach(function (row) { byCode[row.code] = row; });
        var arcs = decodeArcs(topology);
        var regencies = features(topology, "regencies", arcs).filter(function (f) {
          return !province || f.properties.province_code === province;
        });
        element.textContent = "";
        var map = L.map(element, {
          zoomSnap: 0.25, scrollWheelZoom: false, keyboard: true, attributionControl: true,
        });
        map.attributionControl.setPrefix("Leaflet");
        map.attributionControl.addAttribution("Batas wilayah: BIG (via cahyadsn/wilayah_boundaries)");
        L.geoJSON({ type: "FeatureCollection", features: features(topology, "provinces", arcs) }, {
          interactive: false,
          style: { color: "#58606b", weight: 1, fill: true, fillColor: "#eef2f5", fillOpacity: 1 },
        }).addTo(map);
        var shapes = L.geoJSON({ type: "FeatureCollection", features: regencies }, {
          style: function (feature) {
            var row = byCode[feature.properties.code];
            var code = row ? (row.predicate || "none") : "absent";
            return { color: "#ffffff", weight: 0.6, fillColor: "url(#pp-" + code + ")", fillOpacity: 1, className: "portal-region" };
          },
          onEachFeature: function (feature, layer) {
            var row = byCode[feature.properties.code];
            var text = feature.properties.name + ": ";
            if (!row) { text += absent; }
            else {
              text += legend[row.predicate || ""] || row.predicate || "";
              if (row.score !== null) { text += " · " + scoreLabel + " " + score.format(Number(row.score)); }
            }
            // A text node, never an HTML string: Leaflet writes a string as markup.
            var tooltip = document.createElement("span");
            tooltip.textContent = text;
            layer.bindTooltip(tooltip, { sticky: true, direction: "top" });
            var url = profile + feature.properties.code + "/" + indexFile;
            layer.on("click", function () { window.location.assign(url); });
            layer.on("add", function () {
              var path = layer.getElement();
              path.setAttribute("tabindex", "0");
              path.setAttribute("role", "link");
              path.setAttribute("aria-label", text);
              path.setAttribute("data-code", feature.properties.code);
              path.addEventListener("focus", function () {
                layer.openTooltip(layer.getBounds().getCenter());
              });
              path.addEventListener("blur", function () { layer.closeTooltip(); });
              path.addEventListener("keydown", function (event) {
                if (event.key === "Enter") { window.location.assign(url); }
              });
            });
          },
        }).addTo(map);
        var bounds = shapes.getBounds();
        map.fitBounds(bounds.isValid() ? bounds : [[-11, 95], [6, 141]], { padding: [8, 8] });
        element.setAttribute("data-shapes", String(regencies.length));
        element.setAttribute("data-drawn", "true");
      })
      .catch(function () {
        element.classList.add("map-error");
        element.textContent = element.getAttribute("data-error");
      });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var element = document.getElementById("portal-map");
    if (!element) { return; }
    if (!window.L || !window.fetch || !window.Promise) {
      element.classList.add("map-error");
      element.textContent = element.getAttribute("data-error");
      return;
    }
    draw(element);
  });
})();
