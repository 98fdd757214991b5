/*
 * recon.js: small progressive enhancements (ux.md A14, C3, C5). No dependencies; every page works
 * without it. Nothing opens by itself (S7) and no single-key shortcuts are added (S5).
 */
(function () {
  'use strict';

  // A14, C5: focus moves only after a form post or an error, so a page opened by a link or typed
  // address starts at the top (skip link, text size, navigation). A POST form's submission leaves
  // a mark in sessionStorage that the next page load (the result or its redirect) takes.
  var POSTED_KEY = 'recon-form-posted';
  var POSTED_FRESH_MS = 10 * 60 * 1000;

  function markPosted(event) {
    var form = event.target;
    if (!form || String(form.method || '').toLowerCase() !== 'post' || event.defaultPrevented) {
      return;
    }
    try {
      window.sessionStorage.setItem(POSTED_KEY, String(Date.now()));
    } catch (e) { /* storage off: focus stays at the top */ }
  }

  function takePosted() {
    try {
      var at = Number(window.sessionStorage.getItem(POSTED_KEY));
      window.sessionStorage.removeItem(POSTED_KEY);
      return at > 0 && Date.now() - at < POSTED_FRESH_MS;
    } catch (e) {
      return false;
    }
  }

  // The error summary (or a summary of warnings to check) takes focus on load (A14). A <form data-focus-first> gives its first field
  // focus on every load (C2, the clerk's entry pages). Otherwise, only after a form post, the page's
  // <h1 data-focus> (C5), or else its first <h1>, takes it.
  function focusOnLoad() {
    var posted = takePosted();
    // A page answering a post with warnings to check (never errors) focuses their summary too.
    var summary = document.getElementById('error-summary') ||
      document.querySelector('[data-focus-summary]');
    if (summary) {
      summary.focus();
      return;
    }
    var form = document.querySelector('form[data-focus-first]');
    var first = form && form.querySelector(
      'input:not([type=hidden]):not([disabled]), select:not([disabled]), textarea:not([disabled])');
    if (first) {
      first.focus();
      return;
    }
    if (!posted) {
      return;
    }
    var heading = document.querySelector('main h1[data-focus]') || document.querySelector('main h1');
    if (heading) {
      if (!heading.hasAttribute('tabindex')) {
        heading.setAttribute('tabindex', '-1');
      }
      heading.focus();
    }
  }

  // A14: a link in the error summary moves focus to the field, and scrolls its label or legend
  // into view so the question is visible above the field.
  function onSummaryClick(event) {
    var link = event.target.closest ? event.target.closest('a[href^="#"]') : null;
    if (!link) {
      return;
    }
    var target = document.getElementById(decodeURIComponent(link.getAttribute('href').slice(1)));
    if (!target) {
      return;
    }
    event.preventDefault();
    var legend = target.closest('fieldset') && target.closest('fieldset').querySelector('legend');
    var label = document.querySelector('label[for="' + target.id + '"]');
    var anchor = legend || label || target;
    anchor.scrollIntoView();
    target.focus({ preventScroll: true });
  }

  // C3: read a typed date the way recon.formatting.parse_loose_date does (the server decides).
  function parseLooseDate(text) {
    var s = String(text || '')
      .replace(/[０-９]/g, function (ch) { return String.fromCharCode(ch.charCodeAt(0) - 0xfee0); })
      .replace(/[－—]/g, '-').replace(/．/g, '.').replace(/／/g, '/').replace(/\u3000/g, ' ')
      .trim();
    var m = /^(\d{4})(\d{2})(\d{2})$/.exec(s.replace(/ /g, '')) ||
      /^(\d{4})\s*[-./年\s]\s*(\d{1,2})\s*[-./月\s]\s*(\d{1,2})\s*[日号]?$/.exec(s);
    if (!m) {
      return null;
    }
    var y = +m[1], mo = +m[2], d = +m[3];
    var date = new Date(Date.UTC(y, mo - 1, d));
    if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) {
      return null;
    }
    return date;
  }

  function pad(n) {
    return (n < 10 ? '0' : '') + n;
  }

  function readJSON(input, name, fallback) {
    try {
      return JSON.parse(input.getAttribute(name) || 'null') || fallback;
    } catch (e) {
      return fallback;
    }
  }

  // A format such as "{date} ({weekday})" with the values filled in.
  function fill(format, values) {
    return String(format).replace(/\{(\w+)\}/g, function (whole, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? values[key] : whole;
    });
  }

  function updateEcho(input) {
    var echo = document.getElementById(input.getAttribute('data-date-echo'));
    if (!echo) {
      return;
    }
    // The words come from the page, in the reader's language (the date_text macro).
    var texts = readJSON(input, 'data-echo-texts', null);
    var date = parseLooseDate(input.value);
    if (!date || !texts) {
      echo.textContent = '';
      return;
    }
    var iso = date.getUTCFullYear() + '-' + pad(date.getUTCMonth() + 1) + '-' + pad(date.getUTCDate());
    var note = readJSON(input, 'data-day-notes', {})[iso];
    echo.textContent = fill(note ? texts.noteFormat : texts.format,
      { date: iso, weekday: texts.weekdays[date.getUTCDay()], note: note });
  }

  function init() {
    var summaries = document.querySelectorAll('#error-summary, [data-focus-summary]');
    for (var s = 0; s < summaries.length; s++) {
      summaries[s].addEventListener('click', onSummaryClick);
    }
    var inputs = document.querySelectorAll('input[data-date-echo]');
    for (var i = 0; i < inputs.length; i++) {
      // On change (not every keystroke) so the live region speaks once per date.
      inputs[i].addEventListener('change', function (event) { updateEcho(event.target); });
    }
    document.addEventListener('submit', markPosted);
    focusOnLoad();
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
})();
