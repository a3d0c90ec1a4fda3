// The dashboard shell: hash routing between pages, and a poll that refreshes the current page every few seconds.
import { clusterPage } from './cluster.js';
import { topicsPage, topicPage } from './topics.js';
import { consumersPage, consumerPage } from './consumers.js';
import { producersPage } from './producers.js';
import { messagesPage } from './messages.js';

const REFRESH_MS = 3000;

const routes = [
  [/^#\/topics\/(.+)$/, (m) => topicPage(decodeURIComponent(m[1])), 'topics'],
  [/^#\/topics$/, () => topicsPage(), 'topics'],
  [/^#\/consumers\/(.+)$/, (m) => consumerPage(decodeURIComponent(m[1])), 'consumers'],
  [/^#\/consumers$/, () => consumersPage(), 'consumers'],
  [/^#\/producers$/, () => producersPage(), 'producers'],
  [/^#\/messages(\?.*)?$/, (m) => messagesPage(new URLSearchParams(m[1]?.slice(1) ?? '')), 'messages'],
  [/^.*$/, () => clusterPage(), 'cluster'],
];

let current = null;

function navigate() {
  const hash = location.hash || '#/cluster';
  for (const [pattern, create, nav] of routes) {
    const match = hash.match(pattern);
    if (!match) continue;
    document.querySelectorAll('nav a').forEach((a) => a.classList.toggle('active', a.dataset.page === nav));
    const main = document.getElementById('page');
    main.innerHTML = '';
    current = create(match);
    current.mount(main);
    refresh();
    return;
  }
}

async function refresh() {
  const page = current;
  const status = document.getElementById('status');
  try {
    await page.refresh();
    status.textContent = `updated ${new Date().toLocaleTimeString()}`;
    status.className = 'muted';
  } catch (error) {
    status.textContent = error.message;
    status.className = 'error';
  }
}

window.addEventListener('hashchange', navigate);
setInterval(() => { if (!document.hidden && current) refresh(); }, REFRESH_MS);
navigate();
