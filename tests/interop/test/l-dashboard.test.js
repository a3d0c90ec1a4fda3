'use strict';
// (l) The dashboard in a real headless Chromium (playwright-core driving /usr/bin/chromium): create a topic
// through the UI form, send messages with ali-ons, watch the counts update, find a message by key and view its
// body. DASHBOARD_SCREENSHOTS=1 also writes docs/images/dashboard-*.png (committed, shown in the README).
const fs = require('node:fs');
const path = require('node:path');
const { test, after } = require('node:test');
const assert = require('node:assert/strict');
const { withGateway } = require('../gateway');
const { withClients, Collector, uniq, sleep, exitWhenDone } = require('../lib/clients');

exitWhenDone(after);

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const SCREENSHOTS = process.env.DASHBOARD_SCREENSHOTS === '1';
const IMAGES = path.resolve(__dirname, '..', '..', '..', 'docs', 'images');
const N = 12;

const skip = fs.existsSync(CHROMIUM)
  ? false
  : `no Chromium at ${CHROMIUM}: install it (apt-get install -y chromium; ./test.sh does) or set CHROMIUM_PATH`;

test('dashboard: create a topic in the UI, send with ali-ons, see the counts, look a message up by key', { skip, timeout: 240000 }, async () => {
  const { chromium } = require('playwright-core');
  await withGateway('l-dashboard', gw => withClients(gw, 'l-dashboard', async s => {
    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
      const errors = [];
      page.on('pageerror', e => errors.push(e.message));
      const base = `http://127.0.0.1:${gw.httpPort}/`;
      const shot = async name => { if (SCREENSHOTS) await page.evaluate(() => window.scrollTo(0, 0)); if (SCREENSHOTS) await page.screenshot({ path: path.join(IMAGES, `dashboard-${name}.png`), fullPage: true }); };
      if (SCREENSHOTS) fs.mkdirSync(IMAGES, { recursive: true });

      // Create the topic through the form.
      const topic = uniq('T_dash');
      await page.goto(base + '#/topics');
      await page.getByTestId('topic-name').fill(topic);
      await page.getByTestId('topic-read').fill('4');
      await page.getByTestId('topic-write').fill('4');
      await page.getByTestId('topic-save').click();
      await page.getByText(`Saved topic ${topic}.`).waitFor({ timeout: 10000 });
      await page.getByRole('link', { name: topic }).waitFor({ timeout: 10000 });

      // A real client produces to it and consumes from it.
      const group = uniq('GID_dash');
      const collector = new Collector('ali-ons consumer [*]');
      await s.aliConsumer({ group, topic, expr: '*', collector });
      const producer = await s.aliProducer();
      const bodies = [];
      for (let i = 0; i < N; i++) {
        const body = JSON.stringify({ order: i, item: i % 2 ? 'book' : 'lamp', price: 10 + i });
        bodies.push(body);
        await s.aliSend(producer, topic, { body, tags: 'created', keys: [`order-${i}`] });
      }
      await collector.waitForBodies(bodies, 60000);

      // The topic page counts them (it polls the API every few seconds).
      await page.goto(base + `#/topics/${encodeURIComponent(topic)}`);
      await page.waitForFunction(
        n => document.querySelector('[data-testid="topic-total"]')?.textContent === String(n), N, { timeout: 20000 });
      await shot('topic');

      // The consumer group shows its member and, once the consumer has committed, no lag.
      await page.goto(base + `#/consumers/${encodeURIComponent(group)}`);
      await page.getByText('NODE', { exact: false }).first().waitFor({ timeout: 20000 }).catch(() => {});
      await page.waitForFunction(
        () => document.querySelector('[data-testid="group-lag"]')?.textContent === '0', null, { timeout: 30000 });
      await shot('consumer');

      // Find one message by key and view its body as text and as pretty JSON.
      await page.goto(base + `#/messages?topic=${encodeURIComponent(topic)}`);
      await page.getByTestId('query-key').fill('order-7');
      await page.getByTestId('query-submit').click();
      const link = page.getByTestId('message-link');
      await link.first().waitFor({ timeout: 20000 });
      assert.equal(await link.count(), 1, 'exactly one message has key order-7');
      await link.first().click();
      const body = page.getByTestId('message-body');
      await body.waitFor({ timeout: 10000 });
      assert.equal(await body.textContent(), bodies[7]);
      await page.getByRole('button', { name: 'JSON' }).click();
      assert.equal(await body.textContent(), JSON.stringify(JSON.parse(bodies[7]), null, 2));
      await shot('message');

      await page.goto(base + '#/cluster');
      await page.getByTestId('gateway-count').waitFor({ timeout: 10000 });
      await sleep(500);
      await shot('cluster');
      assert.deepEqual(errors, [], 'no script errors in the page');
    } finally {
      await browser.close();
    }
  }));
});
