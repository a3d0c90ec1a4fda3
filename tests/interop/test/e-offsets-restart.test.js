'use strict';
// (e) Consumer offsets survive a gateway restart.
//
// Phase 1: consume the first half, then shut the consumer down gracefully. Both clients
// commit their offsets on shutdown (UPDATE_CONSUMER_OFFSET, sent oneway, followed by
// UNREGISTER_CLIENT on the same connection). Then SIGTERM the gateway, start it again
// (same ports and data dir), send the second half, and start a NEW instance of the same
// group: it must get exactly the second half.
// RocketMQ is at-least-once, so a redelivery of phase-1 messages would be "permitted"
// only if offsets had not been committed (crash, or commit racing shutdown). With a clean
// consumer shutdown and a clean gateway stop there is no such excuse, so the tests allow
// no duplicates at all.
const { test, after } = require('node:test');
const assert = require('node:assert/strict');
const { withGateway } = require('../gateway');
const { withClients, Collector, assertExactBodies, uniq, sleep, exitWhenDone } = require('../lib/clients');
const { ensureTopic } = require('../lib/admin');

exitWhenDone(after);

const HALF = 16;
const SETTLE_MS = 3000;

async function scenario(kind, gw, s) {
  const topic = uniq(`T_e_${kind}`);
  const group = uniq(`GID_e_${kind}`);
  if (kind === 'ali') await ensureTopic(gw, topic); // ali-ons cannot auto-create a topic; C++ does (TBW102)
  const send = async (tagPrefix, n) => {
    const p = kind === 'ali' ? await s.aliProducer() : await s.cppProducer();
    const bodies = [];
    for (let i = 0; i < n; i++) {
      const m = { body: `e-${kind}-${tagPrefix}-${i}`, tags: i % 2 ? 'TagB' : 'TagA', keys: `${tagPrefix}${i}` };
      if (kind === 'ali') await s.aliSend(p, topic, m); else await s.cppSend(p, topic, m);
      bodies.push(m.body);
    }
    await p.closeGracefully();
    return bodies;
  };
  const consumer = (collector, instanceName) => (kind === 'ali'
    ? s.aliConsumer({ group, instanceName, topic, collector })
    : s.cppConsumer({ group, instanceName, topic, collector }));

  const first = await send('first', HALF);
  const c1 = new Collector(`${kind} consumer #1 (before restart)`);
  const consumer1 = await consumer(c1, uniq(`${kind}E1`));
  await c1.waitForBodies(first, 90000);
  await sleep(SETTLE_MS); // let the client record the last ack before it shuts down
  assertExactBodies(c1, first);
  await consumer1.closeGracefully();
  await sleep(1000);

  const stopped = await gw.restart();

  const second = await send('second', HALF);
  const c2 = new Collector(`${kind} consumer #2 (same group, after restart)`);
  await consumer(c2, uniq(`${kind}E2`));
  await c2.waitForBodies(second, 90000);
  await sleep(SETTLE_MS);
  const replayed = c2.bodies().filter(b => first.includes(b));
  assert.deepEqual(replayed, [], `phase-1 messages redelivered after the restart (committed offsets lost?): ${replayed.length}`);
  assertExactBodies(c2, second);
  // Checked last so that a slow stop does not hide the offset result (see h-shutdown.test.js).
  assert.ok(stopped.graceful, `gateway should exit on SIGTERM within the stop timeout: ${JSON.stringify(stopped)}`);
}

test('ali-ons: group offsets committed before a gateway restart are resumed after it', async () => {
  await withGateway('e-offsets-ali', gw => withClients(gw, 'e-offsets-ali', s => scenario('ali', gw, s)));
});

test('rocketmq-nodejs (C++): group offsets committed before a gateway restart are resumed after it', async () => {
  await withGateway('e-offsets-cpp', gw => withClients(gw, 'e-offsets-cpp', s => scenario('cpp', gw, s)));
});
