import { api, enc } from './api.js';
import { esc, num, time, table, report } from './util.js';

export function consumersPage() {
  let list;
  return {
    mount(main) {
      main.innerHTML = `<h2>Consumer groups</h2><section class="card" id="group-list"></section>`;
      list = main.querySelector('#group-list');
    },
    async refresh() {
      const groups = await api('/groups');
      list.innerHTML = table(groups, [
        ['Group', (g) => `<a href="#/consumers/${enc(g.group)}">${esc(g.group)}</a>`],
        ['Online members', (g) => g.members, 'num'],
        ['State', (g) => (g.online ? '<span class="up">online</span>' : '<span class="muted">offline</span>')],
        ['Configured', (g) => (g.configured ? 'yes' : 'no')],
      ], 'No consumer groups yet.');
    },
  };
}

export function consumerPage(group) {
  let el;
  return {
    mount(main) {
      main.innerHTML = `
        <h2>Consumer group ${esc(group)}</h2>
        <div id="group-detail"></div>
        <section class="card"><h3>Reset offsets by time</h3>
          <form class="inline" id="reset-form">
            <label>Topic (empty = all the group consumes) <input name="topic"></label>
            <label>To the first message stored at or after <input name="time" type="datetime-local" step="1" required></label>
            <button type="submit">Reset</button>
          </form>
          <div id="reset-result"></div>
        </section>`;
      el = main.querySelector('#group-detail');
      const form = main.querySelector('#reset-form');
      form.addEventListener('submit', (e) => {
        e.preventDefault();
        const body = { topic: form.topic.value || null, timestamp: new Date(form.time.value).getTime() };
        report(main.querySelector('#reset-result'), api(`/groups/${enc(group)}/reset-offset`, { method: 'POST', body }),
          (r) => `Reset ${r.offsets.length} queues; ${r.membersNotified} online members told.`).then(() => this.refresh());
      });
    },
    async refresh() {
      const g = await api(`/groups/${enc(group)}`);
      el.innerHTML = `
        <div class="stats">
          <div class="stat">Total lag<b data-testid="group-lag">${num(g.totalLag)}</b></div>
          <div class="stat">Members<b>${g.members.length}</b></div>
          <div class="stat">Consume TPS (this gateway)<b>${g.consumeTps}</b></div>
          <div class="stat">Model<b>${esc(g.messageModel ?? '—')}</b></div>
          <div class="stat">Type<b>${esc(g.consumeType ?? '—')}</b></div>
        </div>
        <section class="card"><h3>Members</h3>
          ${table(g.members, [
            ['Client id', (m) => esc(m.clientId)], ['Address', (m) => esc(m.address)], ['Language', (m) => esc(m.language)],
            ['Version', (m) => esc(m.version)], ['Gateway', (m) => esc(m.gateway)],
          ], 'No member online.')}
        </section>
        <section class="card"><h3>Subscriptions</h3>
          ${table(g.subscriptions, [['Topic', (s) => esc(s.topic)], ['Expression', (s) => esc(s.expression)], ['Type', (s) => esc(s.expressionType)]], 'None (no member online).')}
        </section>
        ${g.lag.map((t) => `
          <section class="card"><h3>Lag on ${esc(t.topic)}: ${num(t.lag)}</h3>
            ${table(t.queues, [
              ['Queue', (q) => q.queueId, 'num'], ['Broker offset', (q) => num(q.brokerOffset), 'num'],
              ['Consumer offset', (q) => num(q.consumerOffset), 'num'], ['Lag', (q) => num(q.lag), 'num'],
              ['Last consumed stored at', (q) => time(q.lastTimestamp)],
            ])}
          </section>`).join('')}`;
    },
  };
}
