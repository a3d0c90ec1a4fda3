import { api, enc } from './api.js';
import { esc, num, time, table, permName, report } from './util.js';

const topicLink = (name) => `<a href="#/topics/${enc(name)}">${esc(name)}</a>`;

export function topicsPage() {
  let list, search, system;
  return {
    mount(main) {
      main.innerHTML = `
        <h2>Topics</h2>
        <section class="card"><h3>Create or update a topic</h3>
          <form class="inline" id="topic-form">
            <label>Topic <input name="topic" required pattern="[%|a-zA-Z0-9_\\-]+" data-testid="topic-name"></label>
            <label>Read queues <input name="readQueueNums" type="number" min="1" max="1024" value="8" data-testid="topic-read"></label>
            <label>Write queues <input name="writeQueueNums" type="number" min="1" max="1024" value="8" data-testid="topic-write"></label>
            <label>Perm <select name="perm" data-testid="topic-perm">
              <option value="6">6 read-write</option><option value="4">4 read-only</option><option value="2">2 write-only</option></select></label>
            <label>Order <select name="order"><option value="false">no</option><option value="true">yes</option></select></label>
            <button type="submit" data-testid="topic-save">Save</button>
          </form>
          <div id="topic-result"></div>
        </section>
        <section class="card">
          <form class="inline" id="search-form">
            <label>Search <input name="search" placeholder="name contains…" data-testid="topic-search"></label>
            <label>&nbsp;<span><input type="checkbox" name="system"> system, retry and DLQ topics</span></label>
          </form>
          <div id="topic-list"></div>
        </section>`;
      list = main.querySelector('#topic-list');
      const form = main.querySelector('#topic-form');
      form.addEventListener('submit', (e) => {
        e.preventDefault();
        const f = new FormData(form);
        const body = {
          topic: f.get('topic'),
          readQueueNums: Number(f.get('readQueueNums')),
          writeQueueNums: Number(f.get('writeQueueNums')),
          perm: Number(f.get('perm')),
          order: f.get('order') === 'true',
        };
        report(main.querySelector('#topic-result'), api('/topics', { method: 'POST', body }), (t) => `Saved topic ${t.topic}.`)
          .then(() => this.refresh());
      });
      const searchForm = main.querySelector('#search-form');
      searchForm.addEventListener('input', () => {
        search = searchForm.search.value;
        system = searchForm.system.checked;
        this.refresh();
      });
    },
    async refresh() {
      const topics = await api(`/topics?search=${enc(search ?? '')}&system=${system ? 'true' : 'false'}`);
      list.innerHTML = table(topics, [
        ['Topic', (t) => topicLink(t.topic)],
        ['Read / write queues', (t) => `${t.readQueueNums} / ${t.writeQueueNums}`, 'num'],
        ['Perm', (t) => `${t.perm} ${permName(t.perm)}`],
        ['Order', (t) => (t.order ? 'yes' : 'no')],
        ['TPS (this gateway, 10 s)', (t) => t.tps, 'num'],
      ], 'No topics match.');
    },
  };
}

export function topicPage(name) {
  let el;
  return {
    mount(main) {
      main.innerHTML = `
        <h2>Topic ${esc(name)}</h2>
        <div id="topic-detail"></div>
        <section class="card"><h3>Delete</h3>
          <button class="danger" id="delete">Delete topic ${esc(name)} and its messages</button>
          <div id="delete-result"></div>
        </section>`;
      el = main.querySelector('#topic-detail');
      main.querySelector('#delete').addEventListener('click', () => {
        if (!confirm(`Delete topic ${name}, its messages and every group's offsets on it?`)) return;
        report(main.querySelector('#delete-result'), api(`/topics/${enc(name)}`, { method: 'DELETE' }), () => 'Deleted.')
          .then(() => { location.hash = '#/topics'; });
      });
    },
    async refresh() {
      const t = await api(`/topics/${enc(name)}`);
      el.innerHTML = `
        <div class="stats">
          <div class="stat">Messages<b data-testid="topic-total">${num(t.totalMessages)}</b></div>
          <div class="stat">TPS (all gateways, 10 s)<b>${t.tps ?? '—'}</b></div>
          <div class="stat">Queues (read / write)<b>${t.readQueueNums} / ${t.writeQueueNums}</b></div>
          <div class="stat">Perm<b>${t.perm} ${permName(t.perm)}</b></div>
          <div class="stat">Order<b>${t.order ? 'yes' : 'no'}</b></div>
        </div>
        <section class="card"><h3>Consumer groups</h3>
          ${t.consumerGroups.length ? t.consumerGroups.map((g) => `<a href="#/consumers/${enc(g)}">${esc(g)}</a>`).join(', ') : '<span class="muted">none</span>'}
          · <a href="#/messages?topic=${enc(name)}">browse messages</a>
        </section>
        <section class="card"><h3>Queues</h3>
          ${table(t.queues, [
            ['Broker', (q) => esc(q.broker)],
            ['Queue', (q) => q.queueId, 'num'],
            ['Min offset', (q) => num(q.minOffset), 'num'],
            ['Max offset', (q) => num(q.maxOffset), 'num'],
            ['Last stored', (q) => time(q.lastUpdateTimestamp)],
            ['TPS (all gateways)', (q) => q.tps ?? '—', 'num'],
          ])}
        </section>`;
    },
  };
}
