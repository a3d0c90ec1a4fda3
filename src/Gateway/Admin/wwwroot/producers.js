import { api } from './api.js';
import { esc, table } from './util.js';

export function producersPage() {
  let el;
  return {
    mount(main) {
      main.innerHTML = `<h2>Producer groups</h2><div id="producers"></div>`;
      el = main.querySelector('#producers');
    },
    async refresh() {
      const groups = await api('/producers');
      const details = await Promise.all(groups.map((g) => api(`/producers/${encodeURIComponent(g.group)}`)));
      el.innerHTML = details.length
        ? details.map((d) => `
          <section class="card"><h3>${esc(d.group)}</h3>
            ${table(d.connections, [
              ['Client id', (c) => esc(c.clientId)], ['Address', (c) => esc(c.address)], ['Language', (c) => esc(c.language)],
              ['Version', (c) => esc(c.version)], ['Gateway', (c) => esc(c.gateway)],
            ])}
          </section>`).join('')
        : '<p class="muted">No producer connected.</p>';
    },
  };
}
