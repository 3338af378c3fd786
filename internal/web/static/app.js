// Holdspace page enhancements. Every page works without this file; it only
// moves focus where a keyboard or screen-reader user needs it.
'use strict';
document.documentElement.classList.add('js-enabled');

// setFocus focuses an element that is not normally focusable, for as long as
// it keeps focus.
function setFocus(el) {
  if (!el.hasAttribute('tabindex')) {
    el.setAttribute('tabindex', '-1');
    el.addEventListener('blur', function () { el.removeAttribute('tabindex'); }, { once: true });
  }
  el.focus();
}

// The error summary takes focus on load, and its links focus the field and
// scroll its label into view.
var summary = document.querySelector('[data-module="app-error-summary"]');
if (summary) {
  setFocus(summary);
  summary.addEventListener('click', function (ev) {
    var a = ev.target.closest('a[href^="#"]');
    if (!a) return;
    var input = document.getElementById(a.getAttribute('href').slice(1));
    if (!input) return;
    ev.preventDefault();
    var label = document.querySelector('label[for="' + input.id + '"]') || input;
    label.scrollIntoView();
    input.focus({ preventScroll: true });
  });
} else {
  // A success banner after a redirect takes focus so it is announced.
  var banner = document.querySelector('[data-module="app-notification-banner"][role="alert"]');
  if (banner) setFocus(banner);
}

// The skip link focuses <main> so screen readers start reading there.
var skip = document.querySelector('.app-skip-link');
if (skip) {
  skip.addEventListener('click', function () {
    var main = document.getElementById('main-content');
    if (main) setFocus(main);
  });
}

// Group session times are shown in the group's own time zone. Where the
// visitor's zone differs, add the time where they are.
(function () {
  var zone;
  try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { return; }
  document.querySelectorAll('time[data-visitor-time]').forEach(function (el) {
    var d = new Date(el.getAttribute('datetime'));
    if (isNaN(d)) return;
    var opts = { weekday: 'long', hour: '2-digit', minute: '2-digit' };
    var local = new Intl.DateTimeFormat(undefined, opts).format(d);
    var groupZone = document.querySelector('[data-group-zone]');
    if (groupZone) {
      // Nothing to add when the visitor's clock reads the same as the group's.
      try {
        opts.timeZone = groupZone.getAttribute('data-group-zone');
        if (new Intl.DateTimeFormat(undefined, opts).format(d) === local) return;
      } catch (e) { /* an unknown zone: show the visitor's time */ }
    }
    local = new Intl.DateTimeFormat(undefined, { weekday: 'long', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' }).format(d);
    var span = document.createElement('span');
    span.className = 'app-visitor-time';
    span.textContent = ' (' + local + ' where you are)';
    el.after(span);
  });
})();

// "Get help now" without a chosen region: suggest one from the device's
// time zone by choosing it in the picker. Nothing is sent anywhere until the
// visitor presses the button.
(function () {
  var form = document.querySelector('form[data-zone-regions]');
  if (!form) return;
  var zone, map;
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    map = JSON.parse(form.getAttribute('data-zone-regions'));
  } catch (e) { return; }
  var region = map[zone];
  var select = form.querySelector('select[name="region"]');
  if (!region || !select) return;
  select.value = region;
  var option = select.options[select.selectedIndex];
  var note = document.getElementById('zone-suggestion');
  if (note && option) note.textContent = 'Your device\u2019s time zone suggests ' + option.text + '. Press the button to see its crisis lines.';
})();
