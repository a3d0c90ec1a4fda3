'use strict';
// (b) rocketmq-nodejs 1.1.2 (rocketmq-client-cpp): tag-filtered produce/consume.
const { test, after } = require('node:test');
const assert = require('node:assert/strict');
const { withGateway } = require('../gateway');
const { withClients, Collector, assertExactBodies, uniq, sleep, exitWhenDone } = require('../lib/clients');

exitWhenDone(after);

const N = 20;
const SETTLE_MS = 3000;

test('rocketmq-nodejs (C++): consumer of TagA gets exactly the TagA messages, consumer of * gets all', async () => {
  await withGateway('b-cpp-tags', gw => withClients(gw, 'b-cpp-tags', async s => {
    const topic = uniq('T_b_cpp');
    const producer = await s.cppProducer();
    const msgs = Array.from({ length: N }, (_, i) => {
      const tag = i % 2 === 0 ? 'TagA' : 'TagB';
      return { body: `b-cpp-${i}-${tag}`, tags: tag, keys: `key-${i}` };
    });

    // First message of each tag creates the topic so the consumers get a route at start.
    const sent = [];
    for (const m of msgs.slice(0, 2)) sent.push(await s.cppSend(producer, topic, m)); // C++ auto-creates via TBW102

    const tagA = new Collector('C++ consumer [TagA]');
    const all = new Collector('C++ consumer [*]');
    await s.cppConsumer({ topic, expr: 'TagA', collector: tagA });
    await s.cppConsumer({ topic, expr: '*', collector: all });
    await sleep(1000);

    for (const m of msgs.slice(2)) sent.push(await s.cppSend(producer, topic, m));
    assert.equal(new Set(sent.map(r => r.msgId)).size, N, 'distinct msgIds from the send results');

    const expectedA = msgs.filter(m => m.tags === 'TagA').map(m => m.body);
    const expectedAll = msgs.map(m => m.body);
    await Promise.all([tagA.waitForBodies(expectedA, 90000), all.waitForBodies(expectedAll, 90000)]);
    await sleep(SETTLE_MS);

    assertExactBodies(tagA, expectedA);
    assertExactBodies(all, expectedAll);
    for (const item of tagA.items) assert.equal(item.tags, 'TagA', `TagA consumer got ${item.body} with tag ${item.tags}`);
    for (const item of all.items) {
      const i = Number(item.body.split('-')[2]);
      assert.equal(item.tags, msgs[i].tags, `tag of ${item.body}`);
      assert.equal(item.keys, `key-${i}`, `keys of ${item.body}`);
      assert.equal(item.topic, topic);
    }
    // The C++ client reports the client msgId (UNIQ_KEY) on both sides.
    assert.deepEqual(new Set(all.items.map(i => i.msgId)), new Set(sent.map(r => r.msgId)), 'consumer msgIds = send-result msgIds');
  }));
});
