import { api } from './api.js';
import { esc, num, age, table } from './util.js';

export function clusterPage() {
  let el;
  return {
    mount(main) {
      main.innerHTML = `<h2>Cluster</h2><div id="cluster"></div>`;
      el = main.querySelector('#cluster');
    },
    async refresh() {
      const c = await api('/cluster');
      const health = (h) => `<span class="${h.up ? 'up' : 'down'}">${h.up ? 'UP' : 'DOWN'}</span> <span class="muted">${esc(h.description)}</span>${h.error ? `<div class="error">${esc(h.error)}</div>` : ''}`;
      el.innerHTML = `
        <div class="stats">
          <div class="stat">Cluster<b>${esc(c.cluster)}</b></div>
          <div class="stat">Gateways<b data-testid="gateway-count">${c.gateways.length}</b></div>
          <div class="stat">Put TPS (this gateway)<b>${c.putTps}</b></div>
          <div class="stat">Get TPS (this gateway)<b>${c.getTps}</b></div>
          <div class="stat">Stored since start<b>${num(c.putTotal)}</b></div>
          <div class="stat">Connections<b>${num(c.connections)}</b></div>
        </div>
        <section class="card"><h3>Stores</h3>
          <p>Message store: ${health(c.store)}</p>
          <p>Routing store: ${health(c.routing)}</p>
        </section>
        <section class="card"><h3>Gateways</h3>
          ${table(c.gateways, [
            ['Gateway', (g) => esc(g.gatewayId) + (g.self ? ' <span class="muted">(this one)</span>' : '')],
            ['Address', (g) => esc(g.address)],
            ['Liveness', () => '<span class="up">live</span>'],
            ['Started', (g) => esc(new Date(g.startedAt).toISOString())],
            ['Age', (g) => age(g.ageSeconds), 'num'],
          ])}
        </section>
        <section class="card"><h3>Logical brokers</h3>
          ${table(c.brokers, [
            ['Broker', (b) => esc(b.name)],
            ['Port', (b) => b.port, 'num'],
            ['Served by (brokerId 0)', (b) => esc(b.masterGateway ?? '—')],
            ['Addresses (brokerId 0..n)', (b) => b.addresses.map(esc).join('<br>')],
          ])}
        </section>`;
    },
  };
}
