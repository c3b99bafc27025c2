// @ts-check
/**
 * The web chat page (`GET /chat`, also inside the widget's iframe): plain
 * browser JavaScript (ES2019), no build step. Builds the UI inside `#txa-app`,
 * talks to the same-origin chat API and keeps the conversation, as data, in
 * sessionStorage: a desk computer is shared, so closing the tab forgets it.
 *
 * Every text from the server reaches the page through textContent only.
 */
(function () {
  'use strict';

  /** @typedef {{ heading?: string, text?: string, items?: string[], ordered?: boolean }} Section */
  /** @typedef {{ kind: string, title?: string, sections: Section[], links?: {label: string, url: string}[], buttons?: {label: string, payload: string}[], footer?: string, entryId?: string, questionId?: number }} Reply */
  /** @typedef {{ who: 'user', text: string } | { who: 'bot', reply: Reply, voted?: string }} Item */

  var STORE_KEY = 'txa-transcript';
  var STARTS_KEY = 'txa-starts';
  var MAX_ITEMS = 60;
  var MAX_CHARS = 2000;
  var INBOX_MS = 30000;
  /** While a staff member is in the conversation (the server says `live`). */
  var LIVE_MS = 4000;
  var T = {
    greeting: 'Xin chào! Bạn cần hỏi thủ tục gì? Ví dụ: làm giấy khai sinh cho con.',
    offline: 'Không kết nối được. Bạn vui lòng thử lại.',
    failed: 'Có lỗi xảy ra. Bạn vui lòng thử lại sau.',
    thanks: 'Cảm ơn bạn đã góp ý!',
    typing: 'Đang trả lời…',
    close: 'Đóng trợ lý',
  };

  var app = document.getElementById('txa-app');
  if (!app || app.hasAttribute('data-ready')) return;
  app.setAttribute('data-ready', '');
  var data = app.dataset;
  var embed = data.embed === '1';
  var title = data.title || 'Trợ lý xã';

  /**
   * An element with a class, attributes and text (textContent, never HTML).
   * @param {string} tag @param {string} [cls] @param {string} [text] @param {Record<string, string>} [attrs]
   * @returns {HTMLElement}
   */
  function el(tag, cls, text, attrs) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    for (var k in attrs || {}) e.setAttribute(k, /** @type {Record<string, string>} */ (attrs)[k]);
    return e;
  }
  /** A list kept in sessionStorage (empty when missing or damaged). @param {string} key @returns {any[]} */
  function readList(key) {
    try {
      var v = JSON.parse(sessionStorage.getItem(key) || '[]');
      return Array.isArray(v) ? v : [];
    } catch (_e) {
      return [];
    }
  }
  /** @param {string} key @param {any} value */
  function write(key, value) {
    try {
      sessionStorage.setItem(key, JSON.stringify(value));
    } catch (_e) {
      /* storage full or blocked: the conversation just does not survive a reload */
    }
  }

  // ---- colours: the brand colour, and readable text on it and on white ----
  /** @param {string} hex */
  function contrastWithWhite(hex) {
    var h = hex.slice(1).replace(/^(.)(.)(.)$/, '$1$1$2$2$3$3');
    var n = parseInt(h, 16);
    var c = [n >> 16, (n >> 8) & 255, n & 255].map(function (v) {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    return 1.05 / (0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2] + 0.05);
  }
  var color = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.test(data.color || '') ? String(data.color) : '#0b5fff';
  var dark = contrastWithWhite(color) >= 4.5;
  app.style.setProperty('--txa-color', color);
  app.style.setProperty('--txa-on-color', dark ? '#fff' : '#111');
  app.style.setProperty('--txa-accent', dark ? color : '#1f2937');
  if (embed) document.documentElement.classList.add('txa-embed');

  // ---- layout ----
  var header = el('header', 'txa-header');
  header.appendChild(el('h1', 'txa-heading', title));
  if (embed) {
    var closeBtn = el('button', 'txa-close', '×', { type: 'button', 'aria-label': T.close });
    closeBtn.addEventListener('click', closeWidget);
    header.appendChild(closeBtn);
  }
  // tabindex 0: the conversation scrolls with the keyboard too.
  var log = el('div', 'txa-log', undefined, { role: 'log', 'aria-live': 'polite', 'aria-label': title, tabindex: '0' });
  var status = el('div', 'txa-status', '', { role: 'status', 'aria-live': 'polite' });
  var form = el('form', 'txa-form');
  var input = /** @type {HTMLTextAreaElement} */ (
    el('textarea', 'txa-input', undefined, {
      id: 'txa-input',
      rows: '1',
      maxlength: String(MAX_CHARS),
      placeholder: 'Nhập câu hỏi…',
      autocomplete: 'off',
    })
  );
  var sendBtn = el('button', 'txa-send', 'Gửi', { type: 'submit' });
  var row = el('div', 'txa-row');
  row.appendChild(input);
  row.appendChild(sendBtn);
  form.appendChild(el('label', 'txa-label', 'Câu hỏi của bạn', { for: 'txa-input' }));
  form.appendChild(row);
  [header, log, status, form].forEach(function (part) {
    /** @type {HTMLElement} */ (app).appendChild(part);
  });

  // ---- rendering ----
  /** Text with line breaks and clickable http(s) addresses. @param {HTMLElement} into @param {string} text */
  function addText(into, text) {
    String(text)
      .split('\n')
      .forEach(function (line, i) {
        if (i > 0) into.appendChild(document.createElement('br'));
        var re = /https?:\/\/[^\s()<>"]+[^\s()<>".,;:!?…]/g;
        var last = 0;
        for (var m = re.exec(line); m; m = re.exec(line)) {
          into.appendChild(document.createTextNode(line.slice(last, m.index)));
          into.appendChild(link(m[0], m[0]));
          last = m.index + m[0].length;
        }
        into.appendChild(document.createTextNode(line.slice(last)));
      });
    return into;
  }
  /** An <a> for an http(s) URL; plain text for anything else. @param {string} text @param {string} url */
  function link(text, url) {
    var protocol = '';
    try {
      protocol = new URL(url).protocol;
    } catch (_e) {
      /* not a URL */
    }
    if (protocol !== 'http:' && protocol !== 'https:') return el('span', '', text === url ? text : text + ': ' + url);
    var a = /** @type {HTMLAnchorElement} */ (el('a', '', text, { target: '_blank', rel: 'noopener noreferrer' }));
    a.href = url;
    return a;
  }
  /** @param {Section} s */
  function section(s) {
    var box = el('div', 'txa-section');
    if (s.heading) box.appendChild(el('h3', 'txa-h', s.heading));
    if (s.text) box.appendChild(addText(el('p'), s.text));
    if (s.items && s.items.length) {
      var list = el(s.ordered ? 'ol' : 'ul');
      s.items.forEach(function (t) {
        list.appendChild(addText(el('li'), t));
      });
      box.appendChild(list);
    }
    return box;
  }
  /** @param {Item} item */
  function render(item) {
    if (item.who === 'user') {
      var u = el('div', 'txa-msg txa-user');
      u.appendChild(el('span', 'txa-sr', 'Bạn: '));
      return addText(u, item.text);
    }
    var r = item.reply;
    var b = el('div', 'txa-msg txa-bot txa-' + String(r.kind).replace(/[^a-z]/g, ''));
    b.appendChild(el('span', 'txa-sr', 'Trợ lý: '));
    if (r.title) b.appendChild(el('h2', 'txa-title', r.title));
    (r.sections || []).forEach(function (s) {
      b.appendChild(section(s));
    });
    if (r.links && r.links.length) {
      var ul = b.appendChild(el('ul', 'txa-links'));
      r.links.forEach(function (l) {
        ul.appendChild(el('li')).appendChild(link(l.label, l.url));
      });
    }
    if (r.footer) b.appendChild(addText(el('p', 'txa-foot'), r.footer));
    if (r.buttons && r.buttons.length) {
      var chips = b.appendChild(el('div', 'txa-chips'));
      r.buttons.forEach(function (btn) {
        chips
          .appendChild(el('button', 'txa-chip', btn.label, { type: 'button' }))
          .addEventListener('click', function () {
            send({ payload: btn.payload }, btn.label);
          });
      });
    }
    if (r.kind === 'answer' && typeof r.questionId === 'number') b.appendChild(votes(r.questionId, item));
    return b;
  }

  // ---- transcript (data, not HTML) ----
  /** @type {Item[]} */
  var items = readList(STORE_KEY).filter(function (/** @type {any} */ i) {
    return (
      i &&
      ((i.who === 'user' && typeof i.text === 'string') ||
        (i.who === 'bot' && i.reply && Array.isArray(i.reply.sections)))
    );
  });
  function save() {
    items = items.slice(-MAX_ITEMS);
    write(STORE_KEY, items);
  }
  /** Shows items and records them (keep: already recorded). @param {Item[]} add @param {boolean} [keep] */
  function append(add, keep) {
    /** @type {HTMLElement | null} */
    var target = null;
    for (var i = 0; i < add.length; i++) {
      if (!keep) items.push(add[i]);
      var node = log.appendChild(render(add[i]));
      if (!target || keep) target = node;
    }
    if (!keep) save();
    // The top of the first new message (after a reload: of the last one) comes into view.
    if (target) log.scrollTop = Math.max(0, target.offsetTop - 8);
  }
  /** @param {Reply[]} replies */
  function appendReplies(replies) {
    append(
      replies.map(function (r) {
        return /** @type {Item} */ ({ who: 'bot', reply: r });
      }),
    );
  }

  // ---- talking to the server ----
  /**
   * Sends JSON (GET when body is undefined); never throws.
   * @param {string} path @param {object} [body]
   * @returns {Promise<{ ok: boolean, body: any, error: string }>}
   */
  async function api(path, body) {
    /** @type {Record<string, string>} */
    var headers = { accept: 'application/json' };
    if (body) headers['content-type'] = 'application/json';
    /** @type {Response} */
    var res;
    try {
      res = await fetch(path, {
        method: body ? 'POST' : 'GET',
        credentials: 'same-origin',
        headers: headers,
        body: body ? JSON.stringify(body) : undefined,
      });
    } catch (_e) {
      return { ok: false, body: null, error: T.offline };
    }
    var j = await res.json().catch(function () {
      return null;
    });
    var error = res.ok && j ? '' : (j && typeof j.error === 'string' && j.error) || T.failed;
    return { ok: !error, body: j, error: error };
  }
  /** @param {any} body @returns {Reply[]} */
  function repliesOf(body) {
    return body && Array.isArray(body.replies)
      ? body.replies.filter(function (/** @type {any} */ r) {
          return r && Array.isArray(r.sections);
        })
      : [];
  }
  var busy = false;
  /** @param {{text?: string, payload?: string}} body @param {string} [shown] what the resident's bubble says */
  async function send(body, shown) {
    if (busy) return;
    busy = true;
    sendBtn.setAttribute('aria-disabled', 'true');
    if (shown) append([{ who: 'user', text: shown }]);
    status.textContent = T.typing;
    status.classList.add('txa-on');
    var res = await api('/api/chat/messages', body);
    busy = false;
    sendBtn.removeAttribute('aria-disabled');
    status.textContent = '';
    status.classList.remove('txa-on');
    if (res.ok) {
      appendReplies(repliesOf(res.body));
      // A reply may open a conversation with staff (gặp cán bộ): look for their messages soon.
      clearTimeout(pollTimer);
      pollTimer = window.setTimeout(pollInbox, LIVE_MS);
      return;
    }
    append([{ who: 'bot', reply: { kind: 'error', sections: [{ text: res.error }] } }]);
    // The question stays at hand to send again.
    if (body.text && !input.value) input.value = body.text;
  }
  var pollTimer = 0;
  /** Fetches what staff sent; polls again in 4 s while a staff member is in the conversation, else in 30 s. */
  async function pollInbox() {
    clearTimeout(pollTimer);
    var live = false;
    if (document.visibilityState !== 'hidden') {
      var res = await api('/api/chat/inbox');
      if (res.ok) appendReplies(repliesOf(res.body));
      live = res.ok && res.body.live === true;
    }
    pollTimer = window.setTimeout(pollInbox, live ? LIVE_MS : INBOX_MS);
  }

  // ---- feedback ----
  /** @param {number} qid @param {Item} item */
  function votes(qid, item) {
    var box = el('div', 'txa-votes');
    if (item.who === 'bot' && item.voted) {
      box.appendChild(el('p', 'txa-note', item.voted));
      return box;
    }
    [true, false].forEach(function (helpful) {
      var label = helpful ? 'Câu trả lời hữu ích' : 'Câu trả lời chưa hữu ích';
      box
        .appendChild(el('button', 'txa-vote', helpful ? '👍' : '👎', { type: 'button', 'aria-label': label }))
        .addEventListener('click', function () {
          vote(qid, helpful, box, item);
        });
    });
    return box;
  }
  /** @param {number} qid @param {boolean} helpful @param {HTMLElement} box @param {Item} item */
  async function vote(qid, helpful, box, item) {
    var buttons = Array.prototype.slice.call(box.querySelectorAll('button'));
    buttons.forEach(function (b) {
      b.disabled = true;
    });
    var res = await api('/api/chat/feedback', { questionId: qid, helpful: helpful });
    var ok = res.ok && res.body.ok === true;
    var msg = ok ? String(res.body.message || T.thanks) : (res.body && res.body.error) || res.error;
    if (ok) {
      box.textContent = '';
      if (item.who === 'bot') item.voted = msg;
      save();
    } else {
      buttons.forEach(function (b) {
        b.disabled = false;
      });
      var old = box.querySelector('.txa-note');
      if (old) box.removeChild(old);
    }
    box.appendChild(el('p', 'txa-note', msg, { role: 'status' }));
  }

  // ---- input: Enter sends, Shift+Enter is a new line ----
  function submit() {
    var text = input.value.trim().slice(0, MAX_CHARS);
    if (!text || busy) return;
    input.value = '';
    grow();
    send({ text: text }, text);
  }
  function grow() {
    input.style.height = 'auto';
    input.style.height = Math.min(input.scrollHeight, 128) + 'px';
  }
  form.addEventListener('submit', function (e) {
    e.preventDefault();
    submit();
  });
  input.addEventListener('input', grow);
  input.addEventListener('keydown', function (e) {
    // isComposing: the Enter that ends a Telex/VNI composition does not send.
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing && e.keyCode !== 229) {
      e.preventDefault();
      submit();
    }
  });

  // ---- embed: the widget on the host page closes the panel and asks for focus ----
  function closeWidget() {
    if (window.parent !== window) window.parent.postMessage({ type: 'txa:close' }, '*');
  }
  if (embed) {
    document.addEventListener('keydown', function (e) {
      if (e.key === 'Escape') closeWidget();
    });
    window.addEventListener('message', function (e) {
      if (e.source !== window.parent || !e.data || e.data.type !== 'txa:focus') return;
      // On a touch screen the keyboard would pop up over the conversation: focus the log instead.
      (window.matchMedia('(pointer: coarse)').matches ? log : input).focus();
    });
  }

  // ---- start: the earlier conversation, a deep link once per tab, or a greeting ----
  append(items, true);
  var start = (data.start || '').trim();
  /** @type {string[]} */
  var starts = readList(STARTS_KEY);
  if (start && starts.indexOf(start) < 0) {
    write(STARTS_KEY, starts.concat(start).slice(-20));
    send({ payload: '/start ' + start });
  } else if (!items.length) {
    append([
      {
        who: 'bot',
        reply: {
          kind: 'greeting',
          sections: [{ text: T.greeting }],
          buttons: [
            { label: '📋 Thủ tục hành chính', payload: '/thutuc' },
            { label: '📞 Số điện thoại cần biết', payload: '/hotline' },
          ],
        },
      },
    ]);
  }
  pollInbox();
  document.addEventListener('visibilitychange', pollInbox);
})();
