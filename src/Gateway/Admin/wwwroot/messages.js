import { api, enc } from './api.js';
import { esc, time, table, report } from './util.js';

/** The body as text, pretty JSON (when it parses) or a hex dump. */
export function renderBody(bytes, mode) {
  if (mode === 'hex') {
    const lines = [];
    for (let i = 0; i < bytes.length; i += 16) {
      const row = bytes.slice(i, i + 16);
      const hex = Array.from(row, (b) => b.toString(16).padStart(2, '0')).join(' ');
      const ascii = Array.from(row, (b) => (b >= 32 && b < 127 ? String.fromCharCode(b) : '.')).join('');
      lines.push(`${i.toString(16).padStart(8, '0')}  ${hex.padEnd(47)}  ${ascii}`);
    }
    return lines.join('\n');
  }
  const text = new TextDecoder().decode(bytes);
  if (mode === 'json') {
    try { return JSON.stringify(JSON.parse(text), null, 2); } catch (e) { return `(not JSON: ${e.message})\n\n${text}`; }
  }
  return text;
}

const fromBase64 = (b64) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));

export function messagesPage(params) {
  let results, detail;
  async function showMessage(msgId, topic) {
    detail.innerHTML = '<p class="muted">loading…</p>';
    try {
      const m = await api(`/messages/${enc(msgId)}${topic ? `?topic=${enc(topic)}` : ''}`);
      const bytes = fromBase64(m.body);
      detail.innerHTML = `
        <h3>Message ${esc(m.msgId)}</h3>
        ${table([m], [
          ['Topic', (x) => esc(x.topic)], ['Queue', (x) => x.queueId, 'num'], ['Offset', (x) => x.queueOffset, 'num'],
          ['Tags', (x) => esc(x.tags ?? '')], ['Keys', (x) => esc(x.keys ?? '')], ['Born', (x) => time(x.bornTimestamp)],
          ['Stored', (x) => time(x.storeTimestamp)], ['Reconsumed', (x) => x.reconsumeTimes, 'num'],
        ])}
        <p class="muted">offsetMsgId ${esc(m.offsetMsgId)} · born at ${esc(m.bornHost)} · stored by ${esc(m.storeHost)}</p>
        <h3>Properties</h3>
        ${table(Object.entries(m.properties), [['Name', ([k]) => esc(k)], ['Value', ([, v]) => esc(v)]])}
        <h3>Body (${bytes.length} bytes)</h3>
        <div class="toggle" data-testid="body-toggle">
          <button data-mode="text" class="on">Text</button><button data-mode="json">JSON</button><button data-mode="hex">Hex</button>
        </div>
        <pre class="body" data-testid="message-body"></pre>
        <h3>Resend to a consumer group</h3>
        <form class="inline" id="resend-form">
          <label>Group <input name="group" required></label>
          <button type="submit">Resend</button>
        </form>
        <div id="resend-result"></div>`;
      const pre = detail.querySelector('pre.body');
      const show = (mode) => {
        pre.textContent = renderBody(bytes, mode);
        detail.querySelectorAll('.toggle button').forEach((b) => b.classList.toggle('on', b.dataset.mode === mode));
      };
      detail.querySelectorAll('.toggle button').forEach((b) => b.addEventListener('click', () => show(b.dataset.mode)));
      show('text');
      const form = detail.querySelector('#resend-form');
      form.addEventListener('submit', (e) => {
        e.preventDefault();
        report(detail.querySelector('#resend-result'),
          api('/messages/resend', { method: 'POST', body: { msgId: m.offsetMsgId, topic: m.topic, group: form.group.value } }),
          (r) => `Sent again to ${r.group} through ${r.retryTopic}.`);
      });
    } catch (error) {
      detail.innerHTML = `<div class="error">${esc(error.message)}</div>`;
    }
  }

  return {
    mount(main) {
      main.innerHTML = `
        <h2>Messages</h2>
        <section class="card"><h3>Search a topic</h3>
          <form class="inline" id="query-form">
            <label>Topic <input name="topic" required data-testid="query-topic"></label>
            <label>Key (optional) <input name="key" data-testid="query-key"></label>
            <label>From <input name="begin" type="datetime-local" step="1"></label>
            <label>To <input name="end" type="datetime-local" step="1"></label>
            <button type="submit" data-testid="query-submit">Search</button>
          </form>
        </section>
        <section class="card"><h3>Look up by msgId</h3>
          <form class="inline" id="id-form">
            <label>msgId (offsetMsgId, or client msgId with a topic) <input name="msgId" size="40" required></label>
            <label>Topic (for a client msgId) <input name="topic"></label>
            <button type="submit">Look up</button>
          </form>
        </section>
        <section class="card" id="results"></section>
        <section class="card" id="detail"></section>`;
      results = main.querySelector('#results');
      detail = main.querySelector('#detail');
      const queryForm = main.querySelector('#query-form');
      queryForm.topic.value = params.get('topic') ?? '';
      queryForm.addEventListener('submit', async (e) => {
        e.preventDefault();
        const f = new FormData(queryForm);
        const query = new URLSearchParams({ topic: f.get('topic') });
        if (f.get('key')) query.set('key', f.get('key'));
        if (f.get('begin')) query.set('begin', new Date(f.get('begin')).getTime());
        if (f.get('end')) query.set('end', new Date(f.get('end')).getTime());
        results.innerHTML = '<p class="muted">searching…</p>';
        try {
          const r = await api(`/messages?${query}`);
          results.innerHTML = `<p class="muted">${r.messages.length} found, ${r.scanned} scanned${r.truncated ? ' (more exist: narrow the range)' : ''}</p>` +
            table(r.messages, [
              ['msgId', (m) => `<a href="#" data-msgid="${esc(m.offsetMsgId)}" data-testid="message-link">${esc(m.msgId)}</a>`],
              ['Queue', (m) => m.queueId, 'num'], ['Offset', (m) => m.queueOffset, 'num'], ['Tags', (m) => esc(m.tags ?? '')],
              ['Keys', (m) => esc(m.keys ?? '')], ['Stored', (m) => time(m.storeTimestamp)], ['Size', (m) => m.bodySize, 'num'],
            ], 'No message found.');
          results.querySelectorAll('a[data-msgid]').forEach((a) => a.addEventListener('click', (ev) => {
            ev.preventDefault();
            showMessage(a.dataset.msgid);
          }));
        } catch (error) {
          results.innerHTML = `<div class="error">${esc(error.message)}</div>`;
        }
      });
      const idForm = main.querySelector('#id-form');
      idForm.addEventListener('submit', (e) => {
        e.preventDefault();
        showMessage(idForm.msgId.value.trim(), idForm.topic.value.trim());
      });
    },
    // Search results are a snapshot the user asked for; they are not re-run on every poll.
    async refresh() {},
  };
}
