/* One way to show a time and a decimal in the browser, the same text as the server's
   (layakanak/core/display.py): "6 Des 2026 14.30 WITA" in Bahasa Indonesia, "6 Dec 2026 14:30
   WITA" in English, in the zone the page names, never the browser's own zone.

   The server gives the zone in data attributes ({% zone_attrs code %} in a template):
   data-zone="Asia/Makassar" data-zone-label="WITA". Load this file before the scripts that use
   it (window.LayakanakFormat). */
(function (root) {
  "use strict";
  var LOCALES = { id: "id-ID", en: "en-US" };  // en-US: "Sep", as Django's abbreviation

  function language(lang) { return lang === "en" ? "en" : "id"; }
  function pad(value) { return ("0" + value).slice(-2); }

  function partsOf(moment, zone, lang, withTime, seconds) {
    var options = { timeZone: zone, day: "numeric", month: "short", year: "numeric" };
    if (withTime) {
      options.hour = "2-digit"; options.minute = "2-digit"; options.hourCycle = "h23";
      if (seconds) { options.second = "2-digit"; }
    }
    var found = {};
    new Intl.DateTimeFormat(LOCALES[language(lang)], options).formatToParts(moment).forEach(function (part) {
      found[part.type] = part.value;
    });
    found.month = (found.month || "").replace(/\.$/, "");
    return found;
  }

  function asDate(moment) { return moment instanceof Date ? moment : new Date(moment); }

  /* "6 Des 2026 14.30 WITA": `moment` an ISO text or a Date, `zone` an IANA zone. */
  function time(moment, zone, label, lang, seconds) {
    var p = partsOf(asDate(moment), zone, lang, true, seconds);
    var sep = language(lang) === "en" ? ":" : ".";
    var clock = pad(p.hour) + sep + pad(p.minute) + (seconds ? sep + pad(p.second) : "");
    return p.day + " " + p.month + " " + p.year + " " + clock + (label ? " " + label : "");
  }

  /* "6 Des 2026": the day of `moment` on the calendar of `zone`. */
  function date(moment, zone, lang) {
    var p = partsOf(asDate(moment), zone, lang, false, false);
    return p.day + " " + p.month + " " + p.year;
  }

  function languageOf(element) {
    var holder = element && element.closest ? element.closest("[lang]") : null;
    return language((holder || document.documentElement).getAttribute("lang"));
  }

  /* The time as `element` (or the nearest element with data-zone) wants it shown. */
  function timeFor(element, moment) {
    var holder = element.closest("[data-zone]") || document.querySelector("[data-zone]");
    var zone = holder ? holder.getAttribute("data-zone") : "Asia/Jakarta";
    var label = holder ? holder.getAttribute("data-zone-label") : "WIB";
    return time(moment, zone, label, languageOf(element));
  }

  /* A number with the language's separators and grouping ("1.234,5" / "1,234.5"). */
  function number(value, lang, minDecimals, maxDecimals) {
    return new Intl.NumberFormat(LOCALES[language(lang)], {
      minimumFractionDigits: minDecimals || 0,
      maximumFractionDigits: maxDecimals === undefined ? (minDecimals || 0) : maxDecimals
    }).format(value);
  }

  /* A decimal text ("12.5") as a form field shows it: the language's separator, no grouping. */
  function decimalInput(text, lang) {
    var value = text === null || text === undefined ? "" : String(text);
    return language(lang) === "id" && /^-?\d+\.\d+$/.test(value) ? value.replace(".", ",") : value;
  }

  root.LayakanakFormat = {
    time: time, date: date, timeFor: timeFor, languageOf: languageOf,
    number: number, decimalInput: decimalInput
  };
}(window));
