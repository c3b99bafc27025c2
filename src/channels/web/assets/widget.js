// @ts-check
/**
 * The chat widget loader (`GET /widget.js`), one line on any page:
 *
 *   <script src="https://<host>/widget.js" data-title="Trợ lý xã" data-color="#0b5fff" async></script>
 *
 * Adds a round button in a corner; the button opens the chat page
 * (`/chat?embed=1`) in an iframe. Everything lives in a shadow root and
 * is styled through element.style, so neither the host page's CSS nor a host
 * CSP that forbids inline <style> changes it. No globals; runs once per page.
 */
(function () {
  'use strict';
  var MARK = 'data-txa-widget';
  var root = document.documentElement;
  if (root.hasAttribute(MARK)) return;
  root.setAttribute(MARK, '');

  /** @returns {HTMLScriptElement | null} */
  function findScript() {
    var cur = document.currentScript;
    if (cur && cur instanceof HTMLScriptElement) return cur;
    var all = document.querySelectorAll('script[src]');
    for (var i = all.length - 1; i >= 0; i--) {
      var s = /** @type {HTMLScriptElement} */ (all[i]);
      if (/\/widget\.js(\?|#|$)/.test(s.src)) return s;
    }
    return null;
  }
  var script = findScript();
  if (!script) return;
  var base = new URL('.', script.src);
  var origin = base.origin;
  var title = script.getAttribute('data-title') || 'Trợ lý xã';
  var color = script.getAttribute('data-color') || '';
  if (!/^#([0-9a-f]{3}|[0-9a-f]{6})$/i.test(color)) color = '#0b5fff';
  var side = script.getAttribute('data-position') === 'left' ? 'left' : 'right';
  var openAtLoad = script.getAttribute('data-open') === 'true';

  /** @param {string} hex */
  function darkText(hex) {
    var h = hex.slice(1);
    if (h.length === 3) h = h.replace(/./g, '$&$&');
    var n = parseInt(h, 16);
    var lum = [(n >> 16) & 255, (n >> 8) & 255, n & 255].map(function (v) {
      var c = v / 255;
      return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    });
    return 1.05 / (0.2126 * lum[0] + 0.7152 * lum[1] + 0.0722 * lum[2] + 0.05) < 3;
  }

  /** @param {HTMLElement | SVGElement} e @param {Record<string, string>} css */
  function style(e, css) {
    for (var k in css) e.style.setProperty(k, css[k], 'important');
  }

  /** @param {Record<string, string>} attrs */
  function svg(attrs) {
    var ns = 'http://www.w3.org/2000/svg';
    var s = document.createElementNS(ns, 'svg');
    s.setAttribute('viewBox', '0 0 24 24');
    s.setAttribute('width', '28');
    s.setAttribute('height', '28');
    s.setAttribute('aria-hidden', 'true');
    s.setAttribute('focusable', 'false');
    var p = document.createElementNS(ns, 'path');
    for (var k in attrs) p.setAttribute(k, attrs[k]);
    s.appendChild(p);
    return s;
  }
  var ink = darkText(color) ? '#111' : '#fff';
  var chatIcon = svg({
    d: 'M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z',
    fill: ink,
  });
  var closeIcon = svg({
    d: 'M6 6l12 12M18 6L6 18',
    stroke: ink,
    'stroke-width': '2.5',
    'stroke-linecap': 'round',
    fill: 'none',
  });

  var host = document.createElement('div');
  style(host, {
    all: 'initial',
    position: 'fixed',
    bottom: '0',
    width: '0',
    height: '0',
    'z-index': '2147483000',
    display: 'block',
  });
  host.style.setProperty(side, '0', 'important');
  var shadow = host.attachShadow({ mode: 'open' });

  var panelId = 'txa-panel';
  var button = document.createElement('button');
  button.type = 'button';
  button.setAttribute('aria-label', 'Mở trợ lý xã');
  button.setAttribute('aria-expanded', 'false');
  button.setAttribute('aria-controls', panelId);
  button.title = title;
  button.appendChild(chatIcon);
  style(button, {
    position: 'fixed',
    bottom: '20px',
    width: '60px',
    height: '60px',
    margin: '0',
    padding: '0',
    border: '0',
    'border-radius': '50%',
    background: color,
    cursor: 'pointer',
    display: 'flex',
    'align-items': 'center',
    'justify-content': 'center',
    'box-shadow': '0 4px 14px rgba(0,0,0,.3)',
    outline: 'none',
    'z-index': '2',
  });
  button.style.setProperty(side, '20px', 'important');
  // :focus-visible cannot be set through element.style: draw the ring on focus.
  button.addEventListener('focus', function () {
    if (button.matches(':focus-visible')) style(button, { 'box-shadow': '0 0 0 3px #fff, 0 0 0 6px #111' });
  });
  button.addEventListener('blur', function () {
    style(button, { 'box-shadow': '0 4px 14px rgba(0,0,0,.3)' });
  });

  var panel = document.createElement('div');
  panel.id = panelId;
  panel.setAttribute('role', 'dialog');
  panel.setAttribute('aria-label', title);
  style(panel, {
    position: 'fixed',
    display: 'none',
    overflow: 'hidden',
    background: '#fff',
    'box-shadow': '0 8px 30px rgba(0,0,0,.3)',
    'z-index': '1',
  });
  /** @type {HTMLIFrameElement | null} */
  var frame = null;
  var frameReady = false;
  shadow.appendChild(panel);
  shadow.appendChild(button);

  var phone = window.matchMedia('(max-width: 480px)');
  function layout() {
    var full = phone.matches;
    style(
      panel,
      full
        ? { top: '0', bottom: '0', left: '0', right: '0', width: '100%', height: '100%', 'border-radius': '0' }
        : {
            top: 'auto',
            bottom: '92px',
            width: '380px',
            height: '600px',
            'max-width': 'calc(100vw - 32px)',
            'max-height': 'calc(100vh - 112px)',
            'border-radius': '14px',
            left: 'auto',
            right: 'auto',
          },
    );
    if (!full) panel.style.setProperty(side, '20px', 'important');
    // On a phone the chat fills the screen and has its own close button.
    var open = button.getAttribute('aria-expanded') === 'true';
    style(button, { display: full && open ? 'none' : 'flex' });
  }
  if (phone.addEventListener) phone.addEventListener('change', layout);

  /** @param {string} type */
  function tellFrame(type) {
    if (frame && frameReady && frame.contentWindow) frame.contentWindow.postMessage({ type: type }, origin);
  }

  /** @param {boolean} focus */
  function open(focus) {
    if (!frame) {
      frame = document.createElement('iframe');
      frame.title = title;
      frame.src = new URL(
        'chat?embed=1&title=' + encodeURIComponent(title) + '&color=' + encodeURIComponent(color),
        base,
      ).href;
      frame.setAttribute('allow', 'clipboard-write');
      style(frame, { width: '100%', height: '100%', border: '0', display: 'block', background: '#fff' });
      frame.addEventListener('load', function () {
        frameReady = true;
        if (button.getAttribute('aria-expanded') === 'true' && focus) tellFrame('txa:focus');
      });
      panel.appendChild(frame);
    }
    button.setAttribute('aria-expanded', 'true');
    button.replaceChild(closeIcon, chatIcon);
    style(panel, { display: 'block' });
    layout();
    if (!focus) return;
    frame.focus();
    tellFrame('txa:focus');
  }
  function close() {
    if (button.getAttribute('aria-expanded') !== 'true') return;
    button.setAttribute('aria-expanded', 'false');
    button.replaceChild(chatIcon, closeIcon);
    style(panel, { display: 'none' });
    layout();
    button.focus();
  }
  button.addEventListener('click', function () {
    if (button.getAttribute('aria-expanded') === 'true') close();
    else open(true);
  });
  document.addEventListener('keydown', function (e) {
    if (e.key === 'Escape' && button.getAttribute('aria-expanded') === 'true') close();
  });
  window.addEventListener('message', function (e) {
    if (!frame || e.source !== frame.contentWindow || e.origin !== origin) return;
    if (e.data && e.data.type === 'txa:close') close();
  });

  function mount() {
    document.body.appendChild(host);
    layout();
    if (openAtLoad) open(false);
  }
  if (document.body) mount();
  else document.addEventListener('DOMContentLoaded', mount);
})();
