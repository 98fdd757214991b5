/*
 * session.js: the idle warning (ux.md S8, WCAG 2.2.1), loaded on pages of a logged-in user only.
 *
 * The server ends a login RECON_SESSION_IDLE_MINUTES after its last request (recon/auth/idle.py)
 * and renders that limit into <body data-session-idle-minutes>. Two minutes before it runs out,
 * this script fills the empty role="alert" region at the top of <main> with the warning and
 * 「继续办理」; pressing it posts to the keep-alive URL (with the CSRF token) and hides the warning
 * again. When the time has run out the region says so and links to the login page. The words come
 * from <template> elements rendered by the server. Nothing floats or opens by itself (S7), and the
 * region sits in the page flow, so it never covers the focused element (S5).
 *
 * Several tabs share one session: each page load or keep-alive writes its time to localStorage
 * (only a timestamp), and the other tabs count from the latest one.
 */
(function () {
  'use strict';

  var STORAGE_KEY = 'recon.session.lastActivity';
  var region, limitMs, warningMs, keepaliveUrl, csrfToken;
  var lastActivity = 0;
  var state = 'idle';  // idle | warning | ended
  var timer = null;
  var returnFocus = null;
  var pending = false;  // a keep-alive is on its way (the button is not disabled: it keeps focus)

  function readShared() {
    try {
      return Number(window.localStorage.getItem(STORAGE_KEY)) || 0;
    } catch (e) {
      return 0;
    }
  }

  function writeShared(time) {
    try {
      window.localStorage.setItem(STORAGE_KEY, String(time));
    } catch (e) {
      // storage disabled: this tab counts on its own
    }
  }

  function fill(templateId) {
    var template = document.getElementById(templateId);
    region.textContent = '';
    if (template && template.content) {
      region.appendChild(template.content.cloneNode(true));
    }
  }

  function focusInRegion() {
    return region.contains(document.activeElement);
  }

  function showWarning() {
    if (state === 'warning') {
      return;
    }
    var active = document.activeElement;
    returnFocus = active && active !== document.body && !region.contains(active) ? active : null;
    state = 'warning';
    fill('session-timeout-warning');
  }

  function showEnded() {
    if (state === 'ended') {
      return;
    }
    var hadFocus = focusInRegion();
    state = 'ended';
    fill('session-timeout-ended');
    if (hadFocus) {
      var link = region.querySelector('a');
      if (link) {
        link.focus();
      }
    }
  }

  function hide() {
    if (state === 'idle') {
      return;
    }
    var hadFocus = focusInRegion();
    state = 'idle';
    region.textContent = '';
    if (hadFocus) {
      // Back to where the person was working, or else to the start of the content.
      var target = returnFocus && document.body.contains(returnFocus) ? returnFocus : document.getElementById('main');
      if (target) {
        target.focus();
      }
    }
    returnFocus = null;
  }

  // Show what fits the time since the last activity (of any tab), and wake up at the next change.
  function update() {
    window.clearTimeout(timer);
    lastActivity = Math.max(lastActivity, readShared());
    var idle = Date.now() - lastActivity;
    if (idle >= limitMs) {
      showEnded();
      return;
    }
    if (idle >= limitMs - warningMs) {
      showWarning();
      timer = window.setTimeout(update, limitMs - idle);
    } else {
      hide();
      timer = window.setTimeout(update, limitMs - warningMs - idle);
    }
  }

  function keepAlive() {
    if (pending) {
      return;
    }
    pending = true;
    var xhr = new XMLHttpRequest();
    xhr.open('POST', keepaliveUrl);
    xhr.setRequestHeader('X-CSRFToken', csrfToken);
    xhr.setRequestHeader('X-Requested-With', 'XMLHttpRequest');
    xhr.onload = function () {
      pending = false;
      if (xhr.status === 204) {
        lastActivity = Date.now();
        writeShared(lastActivity);
        update();
      } else {
        showEnded();  // 401: the login has already ended
      }
    };
    xhr.onerror = function () {
      pending = false;  // no connection: the warning stays and the button can be pressed again
    };
    xhr.send();
  }

  function init() {
    region = document.getElementById('session-timeout');
    var minutes = parseFloat(document.body.getAttribute('data-session-idle-minutes'));
    if (!region || !(minutes > 0)) {
      return;
    }
    limitMs = minutes * 60 * 1000;
    warningMs = (parseFloat(region.getAttribute('data-warning-seconds')) || 120) * 1000;
    keepaliveUrl = region.getAttribute('data-keepalive-url');
    csrfToken = region.getAttribute('data-csrf-token') || '';
    lastActivity = Date.now();  // this page's request refreshed the session
    writeShared(lastActivity);

    region.addEventListener('click', function (event) {
      if (event.target.closest && event.target.closest('[data-session-continue]')) {
        keepAlive();
      }
    });
    // Another tab loaded a page or pressed「继续办理」.
    window.addEventListener('storage', function (event) {
      if (event.key === STORAGE_KEY) {
        update();
      }
    });
    // Background tabs throttle timers: look again when the page is shown.
    document.addEventListener('visibilitychange', function () {
      if (!document.hidden) {
        update();
      }
    });
    update();
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
})();
