/*
 * portal.js: small progressive enhancements for the applicant pages (ux.md A3, A8). Every page
 * works without it: without JS all optional fields stay visible and the browser's own print
 * command prints the confirmation page. Nothing opens by itself (S7).
 */
(function () {
  'use strict';

  // A3 conditional reveal: <div data-show-if="name=value"> is shown only while the radio button
  // `name` has `value` checked. Fields with an error are never hidden.
  function updateReveals() {
    var blocks = document.querySelectorAll('[data-show-if]');
    for (var i = 0; i < blocks.length; i++) {
      var rule = blocks[i].getAttribute('data-show-if').split('=');
      var checked = document.querySelector('input[type=radio][name="' + rule[0] + '"]:checked');
      var show = (checked ? checked.value : '') === rule[1] ||
        blocks[i].querySelector('[aria-invalid="true"]') !== null;
      blocks[i].hidden = !show;
    }
  }

  // A8「打印本页」: the button is hidden until this script can make it work.
  function initPrint() {
    var buttons = document.querySelectorAll('[data-print]');
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].hidden = false;
      buttons[i].addEventListener('click', function () { window.print(); });
    }
  }

  // A second press of「提交行政复议申请」while the first is on its way does nothing (the server is
  // idempotent anyway, tech-notes §7.2).
  function initSubmitOnce() {
    var buttons = document.querySelectorAll('[data-submit-once]');
    for (var i = 0; i < buttons.length; i++) {
      var form = buttons[i].form;
      if (!form) {
        continue;
      }
      form.addEventListener('submit', function (event) {
        if (this.getAttribute('data-submitting')) {
          event.preventDefault();
          return;
        }
        this.setAttribute('data-submitting', '1');
      });
    }
  }

  function init() {
    if (document.querySelector('[data-show-if]')) {
      updateReveals();
      document.addEventListener('change', function (event) {
        if (event.target && event.target.type === 'radio') {
          updateReveals();
        }
      });
    }
    initPrint();
    initSubmitOnce();
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
})();
