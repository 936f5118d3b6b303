/* The national map of the home page: the 514 kab/kota coloured (and patterned) by predicate.
   Boundaries come from the shipped TopoJSON (a static file, compressed and cached for a year;
   the whole-country view gets the lightened indonesia_national.topojson, see
   layakanak/portal/national_geometry.py), results from the public API
   (/api/v1/cycles/<cycle>/results, revalidated with its ETag). No tile server. Every shape is
   focusable: its tooltip shows on hover and on keyboard focus, and a click or Enter opens the
   region's profile. The table below the map has the same data.

   Drawing 514 shapes is the page's heaviest work, so it never holds the main thread for long:
   the downloads start at once, the drawing waits for the first paint (the text and the table
   come first) and then adds the shapes in slices of a few milliseconds each, yielding to the
   browser between slices (input, scrolling and painting stay responsive on a slow phone). */
(function () {
  "use strict";

  /* TopoJSON → GeoJSON for Polygon and MultiPolygon geometries (delta-encoded, quantized arcs).
     Arcs are decoded when a shape first needs them (`arcs.get(i)`), inside the drawing slices. */
  function decodeArcs(topology) {
    var t = topology.transform;
    var decoded = [];
    return {
      get: function (index) {
        if (!decoded[index]) {
          var x = 0, y = 0;
          decoded[index] = topology.arcs[index].map(function (point) {
            if (!t) { return [point[0], point[1]]; }
            x += point[0]; y += point[1];
            return [x * t.scale[0] + t.translate[0], y * t.scale[1] + t.translate[1]];
          });
        }
        return decoded[index];
      },
    };
  }
  function ring(arcs, indexes) {
    var coordinates = [];
    indexes.forEach(function (index, k) {
      var arc = index < 0 ? arcs.get(~index).slice().reverse() : arcs.get(index);
      for (var j = k > 0 ? 1 : 0; j < arc.length; j++) { coordinates.push(arc[j]); }
    });
    return coordinates;
  }
  function feature(g, arcs) {
    var geometry = null;
    if (g.type === "Polygon") {
      geometry = { type: "Polygon", coordinates: g.arcs.map(function (r) { return ring(arcs, r); }) };
    } else if (g.type === "MultiPolygon") {
      geometry = { type: "MultiPolygon", coordinates: g.arcs.map(function (p) {
        return p.map(function (r) { return ring(arcs, r); });
      }) };
    }
    return geometry ? { type: "Feature", properties: g.properties || {}, geometry: geometry } : null;
  }
  /* [[south, west], [north, east]] of the arcs the geometries use, without building shapes. */
  function boundsOf(topology, geometries, arcs) {
    if (topology.bbox && geometries.length === topology.objects.regencies.geometries.length) {
      var box = topology.bbox;  // [west, south, east, north] of the whole file
      return [[box[1], box[0]], [box[3], box[2]]];
    }
    var south = 90, west = 180, north = -90, east = -180;
    function visit(index) {
      var arc = arcs.get(index < 0 ? ~index : index);
      for (var j = 0; j < arc.length; j++) {
        var x = arc[j][0], y = arc[j][1];
        if (x < west) { west = x; } if (x > east) { east = x; }
        if (y < south) { south = y; } if (y > north) { north = y; }
      }
    }
    geometries.forEach(function (g) {
      var polygons = g.type === "Polygon" ? [g.arcs] : g.type === "MultiPolygon" ? g.arcs : [];
      polygons.forEach(function (p) { p.forEach(function (r) { r.forEach(visit); }); });
    });
    return south <= north ? [[south, west], [north, east]] : [[-11, 95], [6, 141]];
  }
  /* Run `step` in slices of about SLICE_MS until it returns false, yielding to the browser
     between slices; then `done`. */
  var SLICE_MS = 8;
  var POINTS_PER_FILL = 2500;
  function inSlices(step, done) {
    function slice() {
      var until = Date.now() + SLICE_MS;
      while (Date.now() < until) {
        if (!step()) { done(); return; }
      }
      setTimeout(slice, 0);
    }
    slice();
  }
  /* After the first paint, when the browser has a moment (the page's text and table first). */
  function afterFirstPaint(callback) {
    function idle() {
      if (window.requestIdleCallback) { window.requestIdleCallback(callback, { timeout: 1500 }); }
      else { setTimeout(callback, 50); }
    }
    if (document.readyState === "complete") { idle(); }
    else { window.addEventListener("load", idle, { once: true }); }
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
    var legendNode = document.getElementById("map-legend");
    var legend = legendNode ? JSON.parse(legendNode.textContent) : {};
    var province = element.getAttribute("data-province");
    var profile = element.getAttribute("data-profile");
    // The static export names the page file (object storage serves no index documents).
    var indexFile = element.getAttribute("data-index-file") || "";
    var absent = element.getAttribute("data-label-absent");
    var scoreLabel = element.getAttribute("data-label-score");

    var loading = Promise.all([
      getJSON(element.getAttribute("data-topojson")),
      allResults(element.getAttribute("data-results")),
      loadLeaflet(element),
      new Promise(afterFirstPaint),
    ]);
    loading
      .then(function (loaded) {
        var score = new Intl.NumberFormat(lang, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
        var topology = loaded[0];
        var byCode = {};
        loaded[1].forEach(function (row) { byCode[row.code] = row; });
        var arcs = decodeArcs(topology);
        var regencies = topology.objects.regencies.geometries.filter(function (g) {
          return !province || (g.properties && g.properties.province_code === province);
        });
        element.textContent = "";
        var map = L.map(element, {
          zoomSnap: 0.25, scrollWheelZoom: false, keyboard: true, attributionControl: true,
        });
        map.attributionControl.setPrefix("Leaflet");
        map.attributionControl.addAttribution("Batas wilayah: BIG (via cahyadsn/wilayah_boundaries)");
        var bounds = boundsOf(topology, regencies, arcs);
        map.fitBounds(bounds, { padding: [8, 8] });
        // The shapes are built out of sight and shown at once: every shape added to a shown map
        // would have the browser paint the whole map again at the next frame.
        var painted = map.getPane("overlayPane");
        var pointed = map.createPane("portal-regions");
        painted.style.display = pointed.style.display = "none";
        function bandOf(properties) {
          var row = byCode[properties.code];
          return row ? (row.predicate || "none") : "absent";
        }
        // What is painted: one shape per predicate holding all its kab/kota, filled with the
        // predicate's colour and pattern (6 patterned paths to paint instead of 514). Above them,
        // what is pointed at: one transparent, focusable shape per kab/kota, outlined on hover
        // and on keyboard focus (portal.css).
        var shapes = L.geoJSON(null, {
          pane: "portal-regions",
          renderer: L.svg({ pane: "portal-regions" }),
          style: { stroke: false, fillColor: "#000000", fillOpacity: 0, className: "portal-region" },
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
        });
        // The provinces around a province's kab/kota, for orientation (those near the view only);
        // the whole-country file has none: its kab/kota cover the country.
        var provinces = topology.objects.provinces ? topology.objects.provinces.geometries : [];
        var view = L.latLngBounds(bounds).pad(0.5);
        var around = [];
        var built = [];
        var fills = [];  // {code, polygons, points}: the painted shapes, in drawing order
        var byBand = {};  // predicate -> its painted shape being filled
        function near(shape) {
          var south = 90, west = 180, north = -90, east = -180;
          var polygons = shape.geometry.type === "Polygon" ? [shape.geometry.coordinates] : shape.geometry.coordinates;
          polygons.forEach(function (p) {
            p[0].forEach(function (point) {
              if (point[0] < west) { west = point[0]; } if (point[0] > east) { east = point[0]; }
              if (point[1] < south) { south = point[1]; } if (point[1] > north) { north = point[1]; }
            });
          });
          return view.intersects([[south, west], [north, east]]);
        }
        function group(shape) {
          built.push(shape);
          var code = bandOf(shape.properties);
          var polygons = shape.geometry.type === "Polygon" ? [shape.geometry.coordinates] : shape.geometry.coordinates;
          var points = 0;
          polygons.forEach(function (p) { p.forEach(function (r) { points += r.length; }); });
          // A painted shape holds up to POINTS_PER_FILL points: each is projected in one go.
          var fill = byBand[code];
          if (!fill || fill.points + points > POINTS_PER_FILL) {
            fill = { code: code, polygons: [], points: 0 };
            byBand[code] = fill;
            fills.push(fill);
          }
          polygons.forEach(function (p) { fill.polygons.push(p); });
          fill.points += points;
        }
        // The work, in steps of a few milliseconds each (see inSlices).
        var phases = [
          [function () { return provinces.length; }, function (i) {
            var shape = feature(provinces[i], arcs);
            if (shape && near(shape)) { around.push(shape); }
          }],
          [function () { return around.length ? 1 : 0; }, function () {
            L.geoJSON({ type: "FeatureCollection", features: around }, {
              interactive: false,
              style: { color: "#58606b", weight: 1, fill: true, fillColor: "#eef2f5", fillOpacity: 1 },
            }).addTo(map);
          }],
          [function () { return regencies.length; }, function (i) {  // the shapes, by predicate
            var shape = feature(regencies[i], arcs);
            if (shape) { group(shape); }
          }],
          [function () { return fills.length; }, function (i) {  // the painted shapes
            var part = fills[i];
            L.geoJSON({ type: "Feature", properties: {}, geometry: { type: "MultiPolygon", coordinates: part.polygons } }, {
              interactive: false,
              style: { color: "#ffffff", weight: 0.6, fillColor: "url(#pp-" + part.code + ")", fillOpacity: 1, className: "portal-fill" },
            }).addTo(map);
          }],
          [function () { return 1; }, function () { shapes.addTo(map); }],
          [function () { return built.length; }, function (i) { shapes.addData(built[i]); }],  // to point at
        ];
        var phase = 0, index = 0;
        inSlices(function () {
          while (phase < phases.length && index >= phases[phase][0]()) { phase += 1; index = 0; }
          if (phase >= phases.length) { return false; }
          phases[phase][1](index);
          index += 1;
          return true;
        }, function () {
          painted.style.display = pointed.style.display = "";
          element.setAttribute("data-shapes", String(regencies.length));
          element.setAttribute("data-drawn", "true");
        });
      })
      .catch(function () {
        element.classList.add("map-error");
        element.textContent = element.getAttribute("data-error");
      });
  }

  /* Leaflet's script and stylesheet, fetched by this script (data-leaflet-js, data-leaflet-css)
     rather than by the page: the page's first paint waits for neither. */
  function loadLeaflet(element) {
    if (window.L) { return Promise.resolve(); }
    function load(tag, attributes) {
      return new Promise(function (resolve, reject) {
        var node = document.createElement(tag);
        Object.keys(attributes).forEach(function (name) { node.setAttribute(name, attributes[name]); });
        node.addEventListener("load", resolve);
        node.addEventListener("error", reject);
        document.head.appendChild(node);
      });
    }
    return Promise.all([
      load("link", { rel: "stylesheet", href: element.getAttribute("data-leaflet-css") }),
      load("script", { src: element.getAttribute("data-leaflet-js") }),
    ]);
  }

  document.addEventListener("DOMContentLoaded", function () {
    var element = document.getElementById("portal-map");
    if (!element) { return; }
    if (!window.fetch || !window.Promise) {
      element.classList.add("map-error");
      element.textContent = element.getAttribute("data-error");
      return;
    }
    draw(element);
  });
})();
