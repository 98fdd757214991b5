/*
 * upload.js: uploads the chosen files one at a time with a progress bar (ux.md A11). The form it
 * enhances ([data-upload-form]) works without it: a plain multipart POST of all files at once.
 *
 * Progress goes to a <progress> bar and to a polite live region as「已上传 45%（3.2 MB / 7.1 MB）」,
 * announced at most every 25 %. Each refused file gets its own message from the server. When all
 * files are done the page is loaded again (GET), so the list of files comes from the server.
 *
 * The texts come from the page in the reader's language: the form's data-text-* attributes, with
 * {name}-style placeholders filled in here.
 */
(function () {
  'use strict';

  function formatSize(n) {
    if (n < 1024) {
      return n + ' B';
    }
    var units = ['KB', 'MB', 'GB'];
    var size = n;
    var unit = 'B';
    for (var i = 0; i < units.length; i++) {
      size /= 1024;
      unit = units[i];
      if (size < 1024) {
        break;
      }
    }
    var text = size.toFixed(1);
    if (text.slice(-2) === '.0') {
      text = text.slice(0, -2);
    }
    return text + ' ' + unit;
  }

  function init(form) {
    var input = form.querySelector('input[type=file]');
    var status = form.querySelector('[data-upload-status]');
    var bar = form.querySelector('[data-upload-progress]');
    var text = form.querySelector('[data-upload-text]');
    var errors = form.querySelector('[data-upload-errors]');
    var url = form.getAttribute('data-upload-url');
    if (!input || !status || !bar || !text || !errors || !url || !window.FormData || !window.XMLHttpRequest) {
      return;
    }
    var busy = false;

    // The form's data-text-<key> text with each {placeholder} replaced by values[placeholder].
    function pageText(key, values) {
      var template = form.getAttribute('data-text-' + key) || '';
      return template.replace(/\{(\w+)\}/g, function (whole, name) {
        return Object.prototype.hasOwnProperty.call(values || {}, name) ? String(values[name]) : whole;
      });
    }

    function say(message) {
      text.textContent = message;
    }

    function addError(message) {
      var li = document.createElement('li');
      li.className = 'error-message';
      li.textContent = message;
      errors.appendChild(li);
    }

    function uploadOne(file, done) {
      var data = new FormData();
      data.append('csrf_token', form.querySelector('input[name=csrf_token]').value);
      var item = form.querySelector('select[name=item]');
      data.append('item', item ? item.value : 'evidence');
      data.append('file', file, file.name);
      var xhr = new XMLHttpRequest();
      var lastQuarter = -1;
      xhr.open('POST', url);
      xhr.setRequestHeader('Accept', 'application/json');
      xhr.upload.onprogress = function (event) {
        if (!event.lengthComputable) {
          return;
        }
        var percent = Math.floor(event.loaded * 100 / event.total);
        bar.value = percent;
        var quarter = Math.floor(percent / 25);
        if (quarter !== lastQuarter) {  // the live region speaks at most every 25 %
          lastQuarter = quarter;
          say(pageText('progress', {name: file.name, percent: percent, loaded: formatSize(event.loaded),
                                    total: formatSize(event.total)}));
        }
      };
      xhr.onload = function () {
        var body = {};
        try {
          body = JSON.parse(xhr.responseText || '{}');
        } catch (e) {
          body = {};
        }
        if (xhr.status === 201) {
          done(true);
        } else {
          addError(body.error || pageText('failed', {name: file.name, status: xhr.status}));
          done(false);
        }
      };
      xhr.onerror = function () {
        addError(pageText('offline', {name: file.name}));
        done(false);
      };
      xhr.send(data);
    }

    form.addEventListener('submit', function (event) {
      var submitter = event.submitter;
      var files = input.files ? Array.prototype.slice.call(input.files) : [];
      if (!submitter || submitter.value !== 'upload' || files.length === 0 || busy) {
        return;  // 继续 / 保存草稿, or nothing chosen: the normal form submission
      }
      event.preventDefault();
      busy = true;
      status.hidden = false;
      errors.innerHTML = '';
      var failed = 0;
      var index = 0;
      function next() {
        if (index >= files.length) {
          busy = false;
          if (failed === 0) {
            say(pageText('done'));
            window.location.assign(window.location.href);
          } else {
            input.value = '';
            var uploaded = files.length - failed;  // only the others are on the server
            say(uploaded === 0 ? pageText('none-uploaded', {n: failed})
                               : pageText('some-failed', {n: failed, uploaded: uploaded}));
          }
          return;
        }
        var file = files[index];
        index += 1;
        bar.value = 0;
        uploadOne(file, function (ok) {
          if (!ok) {
            failed += 1;
          }
          next();
        });
      }
      next();
    });
  }

  function start() {
    var forms = document.querySelectorAll('[data-upload-form]');
    for (var i = 0; i < forms.length; i++) {
      init(forms[i]);
    }
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
