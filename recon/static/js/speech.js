/*
 * speech.js:「朗读本页」 on the guide and notice pages (ux.md S11; MIIT 适老化: voice reading with an
 * on/off switch). Screen readers stay the main route; this is for people who read with difficulty.
 *
 * The button (templates/home/_read_aloud.html) is rendered hidden. It is shown only when the
 * browser has speechSynthesis and a voice for the page language (<html lang>: zh-CN or en); voices may
 * arrive late (the voiceschanged event). A press reads the text of <main>, block by block (short
 * utterances: some engines stop a long one) and sets aria-pressed="true" (the label stays
 * 「朗读本页」, as for any toggle button); a second press, the end of the text, or leaving the page
 * stops it. A block without closing punctuation gets the page's full stop (data-sentence-end), so
 * the voice pauses between blocks.
 */
(function () {
  'use strict';

  // Not read: the button itself, the idle warning, hidden text and form controls.
  var SKIP = '[data-read-aloud], #session-timeout, script, style, template, noscript, [hidden], ' +
    '[aria-hidden="true"], .visually-hidden, input, select, textarea';
  var END_PUNCTUATION = /[。！？；：，、.!?;:,]$/;

  function normaliseLang(lang) {
    return String(lang || '').replace(/_/g, '-').toLowerCase();
  }

  function primary(lang) {
    var first = normaliseLang(lang).split('-')[0];
    return first === 'cmn' ? 'zh' : first;  // some systems name Mandarin voices cmn-Hans-CN
  }

  // The voice for the page language: exactly that language, else the same language elsewhere.
  function voiceFor(synth, pageLang) {
    var voices = [];
    try {
      voices = synth.getVoices() || [];
    } catch (e) {
      voices = [];
    }
    var wanted = normaliseLang(pageLang);
    var fallback = null;
    for (var i = 0; i < voices.length; i++) {
      var lang = normaliseLang(voices[i].lang);
      if (lang === wanted) {
        return voices[i];
      }
      if (!fallback && lang && primary(lang) === primary(wanted)) {
        fallback = voices[i];
      }
    }
    return fallback;
  }

  // The text of `root` in blocks, as the page shows it.
  function textBlocks(root) {
    var blocks = [];
    var current = '';

    function flush() {
      var text = current.replace(/\s+/g, ' ').trim();
      if (text) {
        blocks.push(text);
      }
      current = '';
    }

    function walk(node) {
      for (var child = node.firstChild; child; child = child.nextSibling) {
        if (child.nodeType === 3) {
          current += child.nodeValue;
          continue;
        }
        if (child.nodeType !== 1 || child.matches(SKIP)) {
          continue;
        }
        var style = window.getComputedStyle(child);
        if (style.display === 'none' || style.visibility === 'hidden') {
          continue;
        }
        var inline = /^(inline|contents)/.test(style.display);
        if (!inline) {
          flush();
        }
        if (child.tagName === 'DETAILS' && !child.open) {
          var summary = child.querySelector('summary');
          if (summary) {
            walk(summary);  // a closed「这是什么？」: only its summary is on the page
          }
        } else {
          walk(child);
        }
        if (!inline) {
          flush();
        }
      }
    }

    walk(root);
    flush();
    return blocks;
  }

  function init() {
    var button = document.querySelector('[data-read-aloud]');
    var main = document.getElementById('main');
    var synth = window.speechSynthesis;
    if (!button || !main || !synth || typeof window.SpeechSynthesisUtterance !== 'function') {
      return;  // the button stays hidden
    }
    var pageLang = document.documentElement.lang || 'zh-CN';
    var sentenceEnd = button.getAttribute('data-sentence-end') || '';
    var reading = false;
    var run = 0;  // which reading the utterances' events belong to

    function show(isReading) {
      reading = isReading;
      button.setAttribute('aria-pressed', isReading ? 'true' : 'false');
      button.classList.toggle('active', isReading);
    }

    function stop() {
      run += 1;
      synth.cancel();
      show(false);
    }

    function start() {
      var voice = voiceFor(synth, pageLang);
      var blocks = textBlocks(main);
      if (!voice || !blocks.length) {
        return;
      }
      synth.cancel();
      run += 1;
      var thisRun = run;
      var finished = function () {
        if (thisRun === run) {
          show(false);
        }
      };
      for (var i = 0; i < blocks.length; i++) {
        var text = blocks[i] + (END_PUNCTUATION.test(blocks[i]) ? '' : sentenceEnd);
        var utterance = new window.SpeechSynthesisUtterance(text);
        utterance.lang = pageLang;
        try {
          utterance.voice = voice;
        } catch (e) {
          // the engine picks a voice for the language
        }
        if (i === blocks.length - 1) {
          utterance.onend = finished;
        }
        utterance.onerror = finished;
        synth.speak(utterance);
      }
      show(true);
    }

    function updateVisibility() {
      button.hidden = !reading && !voiceFor(synth, pageLang);
    }

    button.addEventListener('click', function () {
      if (reading) {
        stop();
      } else {
        start();
      }
    });
    if (synth.addEventListener) {
      synth.addEventListener('voiceschanged', updateVisibility);
    } else {
      synth.onvoiceschanged = updateVisibility;
    }
    window.addEventListener('pagehide', function () {
      if (reading) {
        stop();
      }
    });
    updateVisibility();
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
})();
