// @ts-check
/**
 * The web chat page (`GET /chat`, also inside the widget's iframe): plain
 * browser JavaScript, no build step. Builds the UI inside `#txa-app`, talks to
 * the same-origin chat API and keeps the conversation in sessionStorage (a desk
 * computer is shared: closing the tab forgets it).
 *
 * Every text from the server is put in the page with textContent only.
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
  var T = {
    greeting: 'Xin chào! Bạn cần hỏi thủ tục gì? Ví dụ: làm giấy khai sinh cho con.',
    offline: 'Không kết nối được. Bạn vui lòng thử lại.',
    failed: 'Có lỗi xảy ra. Bạn vui lòng thử lại sau.',
    typing: 'Đang trả lời…',
    label: 'Câu hỏi của bạn',
    placeholder: 'Nhập câu hỏi…',
    send: 'Gửi',
    close: 'Đóng trợ lý',
    up: 'Câu trả lời hữu ích',
    down: 'Câu trả lời chưa hữu ích',
    you: 'Bạn',
    bot: 'Trợ lý',
  };

  var app = document.getElementById('txa-app');
  if (!app || app.getAttribute('data-ready')) return;
  app.setAttribute('data-ready', '1');
  var data = app.dataset;
  var embed = data.embed === '1';
  var title = data.title || 'Trợ lý xã';

  /**
   * @param {string} tag
   * @param {string} [cls]
   * @param {string} [text]
   * @returns {HTMLElement}
   */
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  // ---- colours: the brand colour, and a readable text colour on it ----
  /** @param {string} hex */
  function luminance(hex) {
    var h = hex.replace('#', '');
    if (h.length === 3) h = h.replace(/./g, '$&$&');
    var n = parseInt(h, 16);
    var ch = [(n >> 16) & 255, (n >> 8) & 255, n & 255].map(function (v) {
      var c = v / 255;
      return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * ch[0] + 0.7152 * ch[1] + 0.0722 * ch[2];
  }
  var color = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.test(data.color || '') ? String(data.color) : '#0b5fff';
  var onWhite = 1.05 / (luminance(color) + 0.05);
  app.style.setProperty('--txa-color', color);
  app.style.setProperty('--txa-on-color', onWhite >= 4.5 ? '#fff' : '#111');
  app.style.setProperty('--txa-accent', onWhite >= 4.5 ? color : '#1f2937');
  if (embed) document.documentElement.classList.add('txa-embed');

  // ---- layout ----
  var header = el('header', 'txa-header');
  header.appendChild(el('h1', 'txa-heading', title));
  if (embed) {
    var closeBtn = el('button', 'txa-close', '×');
    closeBtn.setAttribute('type', 'button');
    closeBtn.setAttribute('aria-label', T.close);
    closeBtn.addEventListener('click', closeWidget);
    header.appendChild(closeBtn);
  }
  var log = el('div', 'txa-log');
  log.setAttribute('role', 'log');
  log.setAttribute('aria-live', 'polite');
  log.setAttribute('aria-label', title);
  log.tabIndex = -1;
  var status = el('div', 'txa-status');
  status.setAttribute('role', 'status');
  status.setAttribute('aria-live', 'polite');
  var form = /** @type {HTMLFormElement} */ (el('form', 'txa-form'));
  var inputId = 'txa-input';
  var label = el('label', 'txa-label', T.label);
  label.setAttribute('for', inputId);
  var input = /** @type {HTMLTextAreaElement} */ (el('textarea', 'txa-input'));
  input.id = inputId;
  input.rows = 1;
  input.maxLength = MAX_CHARS;
  input.placeholder = T.placeholder;
  input.setAttribute('autocomplete', 'off');
  var sendBtn = el('button', 'txa-send', T.send);
  sendBtn.setAttribute('type', 'submit');
  form.appendChild(label);
  var row = el('div', 'txa-row');
  row.appendChild(input);
  row.appendChild(sendBtn);
  form.appendChild(row);
  app.appendChild(header);
  app.appendChild(log);
  app.appendChild(status);
  app.appendChild(form);

  // ---- transcript (data, not HTML) ----
  /** @type {Item[]} */
  var items = [];
  function save() {
    if (items.length > MAX_ITEMS) items = items.slice(items.length - MAX_ITEMS);
    try {
      sessionStorage.setItem(STORE_KEY, JSON.stringify(items));
    } catch (e) {
      /* storage full or blocked: the conversation just does not survive a reload */
    }
  }
  /** @returns {Item[]} */
  function load() {
    try {
      var v = JSON.parse(sessionStorage.getItem(STORE_KEY) || '[]');
      return Array.isArray(v) ? v.filter(validItem) : [];
    } catch (e) {
      return [];
    }
  }
  /** @param {any} i */
  function validItem(i) {
    return i && ((i.who === 'user' && typeof i.text === 'string') || (i.who === 'bot' && i.reply && Array.isArray(i.reply.sections)));
  }

  // ---- rendering ----
  /** Text with line breaks and clickable http(s) addresses. @param {HTMLElement} into @param {string} text */
  function addText(into, text) {
    String(text).split('\n').forEach(function (line, i) {
      if (i > 0) into.appendChild(document.createElement('br'));
      var re = /https?:\/\/[^\s()<>"]+[^\s()<>".,;:!?…]/g;
      var last = 0;
      var m;
      while ((m = re.exec(line))) {
        into.appendChild(document.createTextNode(line.slice(last, m.index)));
        into.appendChild(link(m[0], m[0]));
        last = m.index + m[0].length;
      }
      into.appendChild(document.createTextNode(line.slice(last)));
    });
  }
  /** An <a> for an http(s) URL, plain text for anything else. @param {string} text @param {string} url */
  function link(text, url) {
    var ok = false;
    try {
      var p = new URL(url).protocol;
      ok = p === 'http:' || p === 'https:';
    } catch (e) {
      ok = false;
    }
    if (!ok) return el('span', '', text === url ? text : text + ': ' + url);
    var a = /** @type {HTMLAnchorElement} */ (el('a', '', text));
    a.href = url;
    a.target = '_blank';
    a.rel = 'noopener noreferrer';
    return a;
  }
  /** @param {Section} s */
  function section(s) {
    var box = el('div', 'txa-section');
    if (s.heading) box.appendChild(el('h3', 'txa-h', s.heading));
    if (s.text) {
      var p = el('p');
      addText(p, s.text);
      box.appendChild(p);
    }
    if (s.items && s.items.length) {
      var list = el(s.ordered ? 'ol' : 'ul');
      s.items.forEach(function (t) {
        var li = el('li');
        addText(li, t);
        list.appendChild(li);
      });
      box.appendChild(list);
    }
    return box;
  }
  /** @param {Reply} r @param {Item} item */
  function botBubble(r, item) {
    var b = el('div', 'txa-msg txa-bot txa-' + String(r.kind).replace(/[^a-z]/g, ''));
    b.appendChild(el('span', 'txa-sr', T.bot + ': '));
    if (r.title) b.appendChild(el('h2', 'txa-title', r.title));
    (r.sections || []).forEach(function (s) {
      b.appendChild(section(s));
    });
    if (r.links && r.links.length) {
      var ul = el('ul', 'txa-links');
      r.links.forEach(function (l) {
        var li = el('li');
        li.appendChild(link(l.label, l.url));
        ul.appendChild(li);
      });
      b.appendChild(ul);
    }
    if (r.footer) b.appendChild(addTextTo(el('p', 'txa-foot'), r.footer));
    if (r.buttons && r.buttons.length) {
      var chips = el('div', 'txa-chips');
      r.buttons.forEach(function (btn) {
        var c = el('button', 'txa-chip', btn.label);
        c.setAttribute('type', 'button');
        c.addEventListener('click', function () {
          send({ payload: btn.payload }, btn.label);
        });
        chips.appendChild(c);
      });
      b.appendChild(chips);
    }
    if (r.kind === 'answer' && typeof r.questionId === 'number') b.appendChild(votes(r.questionId, item));
    return b;
  }
  /** @param {HTMLElement} e @param {string} t */
  function addTextTo(e, t) {
    addText(e, t);
    return e;
  }
  /** @param {Item} item */
  function render(item) {
    if (item.who === 'user') {
      var u = el('div', 'txa-msg txa-user');
      u.appendChild(el('span', 'txa-sr', T.you + ': '));
      addText(u, item.text);
      return u;
    }
    return botBubble(item.reply, item);
  }
  /** Shows items and records them (keep: already recorded). @param {Item[]} add @param {boolean} [keep] */
  function append(add, keep) {
    /** @type {HTMLElement | null} */
    var target = null;
    for (var i = 0; i < add.length; i++) {
      var item = add[i];
      if (!keep) items.push(item);
      var node = render(item);
      log.appendChild(node);
      if (!target || keep) target = node;
    }
    if (!keep) save();
    // The top of the first new message (after a reload: of the last one) comes into view.
    if (target) log.scrollTop = Math.max(0, target.offsetTop - 8);
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
      var v = el('button', 'txa-vote', helpful ? '👍' : '👎');
      v.setAttribute('type', 'button');
      v.setAttribute('aria-label', helpful ? T.up : T.down);
      v.addEventListener('click', function () {
        vote(qid, helpful, box, item);
      });
      box.appendChild(v);
    });
    return box;
  }
  /** @param {number} qid @param {boolean} helpful @param {HTMLElement} box @param {Item} item */
  function vote(qid, helpful, box, item) {
    var buttons = box.querySelectorAll('button');
    buttons.forEach(function (b) {
      /** @type {HTMLButtonElement} */ (b).disabled = true;
    });
    api('/api/chat/feedback', { questionId: qid, helpful: helpful }).then(function (res) {
      var ok = res.body && res.body.ok === true;
      var msg = ok ? String(res.body.message || 'Cảm ơn bạn đã góp ý!') : res.error;
      var old = box.querySelector('.txa-note');
      if (old) box.removeChild(old);
      if (ok) {
        box.textContent = '';
        if (item.who === 'bot') item.voted = msg;
        save();
      } else {
        buttons.forEach(function (b) {
          /** @type {HTMLButtonElement} */ (b).disabled = false;
        });
      }
      var note = el('p', 'txa-note', msg);
      note.setAttribute('role', 'status');
      box.appendChild(note);
    });
  }

  // ---- talking to the server ----
  /**
   * POSTs (or GETs when body is undefined) JSON; never rejects.
   * @param {string} path @param {object} [body]
   * @returns {Promise<{ body: any, error: string }>}
   */
  function api(path, body) {
    /** @type {RequestInit} */
    var init = { credentials: 'same-origin', headers: { accept: 'application/json' } };
    if (body) {
      init.method = 'POST';
      init.headers = { accept: 'application/json', 'content-type': 'application/json' };
      init.body = JSON.stringify(body);
    }
    return fetch(path, init).then(
      function (res) {
        return res.json().then(
          function (j) {
            var err = res.ok ? '' : (j && typeof j.error === 'string' && j.error) || T.failed;
            return { body: res.ok ? j : null, error: err };
          },
          function () {
            return { body: null, error: T.failed };
          },
        );
      },
      function () {
        return { body: null, error: T.offline };
      },
    );
  }
  /** @param {any} body */
  function replies(body) {
    return body && Array.isArray(body.replies) ? body.replies.filter(function (/** @type {any} */ r) { return r && Array.isArray(r.sections); }) : [];
  }
  var busy = false;
  /** @param {{text?: string, payload?: string}} body @param {string} [shown] what the user's bubble says */
  function send(body, shown) {
    if (busy) return;
    busy = true;
    sendBtn.setAttribute('aria-disabled', 'true');
    if (shown) append([{ who: 'user', text: shown }]);
    status.textContent = T.typing;
    status.classList.add('txa-on');
    api('/api/chat/messages', body).then(function (res) {
      busy = false;
      sendBtn.removeAttribute('aria-disabled');
      status.textContent = '';
      status.classList.remove('txa-on');
      if (res.body) append(replies(res.body).map(function (/** @type {Reply} */ r) { return { who: 'bot', reply: r }; }));
      else {
        append([{ who: 'bot', reply: { kind: 'error', sections: [{ text: res.error }] } }]);
        if (body.text && !input.value) input.value = body.text;
      }
    });
  }
  function pollInbox() {
    if (document.visibilityState === 'hidden') return;
    fetch('/api/chat/inbox', { credentials: 'same-origin', headers: { accept: 'application/json' } })
      .then(function (res) {
        return res.ok ? res.json() : null;
      })
      .then(function (j) {
        var got = replies(j);
        if (got.length) append(got.map(function (/** @type {Reply} */ r) { return { who: 'bot', reply: r }; }));
      })
      .catch(function () {
        /* offline: try again at the next tick */
      });
  }

  // ---- input ----
  function submit() {
    var text = input.value.trim();
    if (!text || busy) return;
    input.value = '';
    grow();
    send({ text: text.slice(0, MAX_CHARS) }, text.slice(0, MAX_CHARS));
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
    // isComposing: Enter that ends a Telex/VNI composition must not send.
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing && e.keyCode !== 229) {
      e.preventDefault();
      submit();
    }
  });

  // ---- embed: closing and focus, asked by the widget on the host page ----
  function closeWidget() {
    if (embed && window.parent !== window) window.parent.postMessage({ type: 'txa:close' }, '*');
  }
  if (embed) {
    document.addEventListener('keydown', function (e) {
      if (e.key === 'Escape') closeWidget();
    });
    window.addEventListener('message', function (e) {
      if (e.source !== window.parent || !e.data || e.data.type !== 'txa:focus') return;
      (window.matchMedia('(pointer: coarse)').matches ? log : input).focus();
    });
  }

  // ---- start ----
  var earlier = load();
  items = earlier;
  append(earlier, true);
  var start = (data.start || '').trim();
  var starts = [];
  try {
    starts = JSON.parse(sessionStorage.getItem(STARTS_KEY) || '[]');
  } catch (e) {
    starts = [];
  }
  if (start && Array.isArray(starts) && starts.indexOf(start) < 0) {
    starts.push(start);
    try {
      sessionStorage.setItem(STARTS_KEY, JSON.stringify(starts.slice(-20)));
    } catch (e) {
      /* ignore */
    }
    send({ payload: '/start ' + start });
  } else if (!items.length) {
    append([{ who: 'bot', reply: { kind: 'greeting', sections: [{ text: T.greeting }], buttons: [
      { label: '📋 Thủ tục hành chính', payload: '/thutuc' },
      { label: '📞 Số điện thoại cần biết', payload: '/hotline' },
    ] } }]);
  }
  pollInbox();
  setInterval(pollInbox, INBOX_MS);
  document.addEventListener('visibilitychange', pollInbox);
})();
