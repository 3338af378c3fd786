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
    var fmt = new Intl.DateTimeFormat(undefined, { weekday: 'long', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' });
    var local = fmt.format(d);
    var groupZone = document.querySelector('[data-group-zone]');
    if (groupZone && groupZone.getAttribute('data-group-zone') === zone) return;
    var span = document.createElement('span');
    span.className = 'app-visitor-time';
    span.textContent = ' (' + local + ' where you are)';
    el.after(span);
  });
})();
