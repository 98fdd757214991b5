/*
 * sections.js: keeps the clerk entry page's side list of sections (ux.md C1) current as the clerk
 * types. The server renders the same statuses (recon/intake/sections.py), so the page works
 * without it.
 *
 * Each link of the list ([data-section-nav] a[data-groups]) carries its section's groups of field
 * names: a group is active always, or when one of its `if_any` fields has a value, or when its
 * `if_value` [name, value] matches; the section is「已填」when a group is active and every
 * `required` field of the active groups has a value, else「未填」. A section the server marked
 * 「有错误」keeps it until the next save (the server is the one that checks).
 *
 * The words come from the nav's data-text-filled / -empty / -error, in the reader's language.
 * The list is not a live region: a status is read with its link, never announced per keystroke.
 * Activating a link moves focus to the section's first field (its legend scrolled into view).
 */
(function () {
  'use strict';

  var TONES = { filled: 'status-success', empty: 'status-neutral', error: 'status-danger' };

  function hasValue(form, name) {
    var control = form.elements.namedItem(name);
    if (!control) {
      return false;
    }
    if (control.length !== undefined && !control.tagName) {
      for (var i = 0; i < control.length; i++) {  // RadioNodeList: several controls, one name
        if (hasValue1(control[i])) {
          return true;
        }
      }
      return false;
    }
    return hasValue1(control);
  }

  function hasValue1(control) {
    if (control.type === 'checkbox' || control.type === 'radio') {
      return control.checked;
    }
    if (control.type === 'file') {
      return !!(control.files && control.files.length);
    }
    return String(control.value || '').trim() !== '';
  }

  function valueOf(form, name) {
    var control = form.elements.namedItem(name);
    return control && control.tagName ? String(control.value || '').trim() : '';
  }

  function isFilled(form, groups) {
    var active = groups.filter(function (g) {
      if (!g.if_any && !g.if_value) {
        return true;
      }
      if (g.if_value && valueOf(form, g.if_value[0]) === g.if_value[1]) {
        return true;
      }
      return (g.if_any || []).some(function (name) { return hasValue(form, name); });
    });
    return active.length > 0 && active.every(function (g) {
      return g.required.every(function (name) { return hasValue(form, name); });
    });
  }

  function init(nav) {
    var form = document.querySelector('form.intake-form');
    if (!form) {
      return;
    }
    var links = nav.querySelectorAll('a[data-groups]');
    var items = [];
    for (var i = 0; i < links.length; i++) {
      var tag = links[i].querySelector('.section-status');
      var groups;
      try {
        groups = JSON.parse(links[i].getAttribute('data-groups'));
      } catch (e) {
        continue;
      }
      if (tag) {
        items.push({ tag: tag, groups: groups });
      }
    }

    function update() {
      items.forEach(function (item) {
        if (item.tag.getAttribute('data-status') === 'error') {
          return;
        }
        var status = isFilled(form, item.groups) ? 'filled' : 'empty';
        if (item.tag.getAttribute('data-status') === status) {
          return;
        }
        item.tag.setAttribute('data-status', status);
        item.tag.textContent = nav.getAttribute('data-text-' + status) || '';
        Object.keys(TONES).forEach(function (key) {
          item.tag.classList.toggle(TONES[key], key === status);
        });
      });
    }

    form.addEventListener('input', update);
    form.addEventListener('change', update);
    window.addEventListener('pageshow', update);  // values the browser restored (back / forward)
    update();

    nav.addEventListener('click', function (event) {
      var link = event.target.closest ? event.target.closest('a[href^="#"]') : null;
      var section = link && document.getElementById(link.getAttribute('href').slice(1));
      if (!section) {
        return;
      }
      event.preventDefault();
      var first = section.querySelector(
        'input:not([type=hidden]):not([disabled]), select:not([disabled]), textarea:not([disabled])');
      var legend = section.querySelector('legend');
      (legend || section).scrollIntoView();
      if (first) {
        first.focus({ preventScroll: true });
      } else {
        section.setAttribute('tabindex', '-1');
        section.focus({ preventScroll: true });
      }
      if (window.history && window.history.replaceState) {
        window.history.replaceState(null, '', link.getAttribute('href'));
      }
    });
  }

  function start() {
    var nav = document.querySelector('[data-section-nav]');
    if (nav) {
      init(nav);
    }
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
