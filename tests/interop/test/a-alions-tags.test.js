'use strict';
// (a) ali-ons 3.12.0: tag-filtered produce/consume.
const { test, after } = require('node:test');
const assert = require('node:assert/strict');
const { withGateway } = require('../gateway');
const { withClients, Collector, assertExactBodies, uniq, sleep, exitWhenDone } = require('../lib/clients');
const { ensureTopic } = require('../lib/admin');

exitWhenDone(after);

const N = 20; // half TagA, half TagB
const SETTLE_MS = 3000; // quiet period after the last expected message, to catch duplicates/extras

test('ali-ons: consumer of TagA gets exactly the TagA messages, consumer of * gets all', async () => {
  await withGateway('a-alions-tags', gw => withClients(gw, 'a-alions-tags', async s => {
    const topic = uniq('T_a_ali');
    const producer = await s.aliProducer();
    const msgs = Array.from({ length: N }, (_, i) => {
      const tag = i % 2 === 0 ? 'TagA' : 'TagB';
      return { body: `a-ali-${i}-${tag}`, tags: tag, keys: [`key-${i}`] };
    });

    // ali-ons cannot auto-create a topic (see lib/admin.js): create it like mqadmin would.
    await ensureTopic(gw, topic);
    const sent = [];

    const tagA = new Collector('ali-ons consumer [TagA]');
    const all = new Collector('ali-ons consumer [*]');
    await s.aliConsumer({ topic, expr: 'TagA', collector: tagA });
    await s.aliConsumer({ topic, expr: '*', collector: all });
    await sleep(1000);

    for (const m of msgs) sent.push(await s.aliSend(producer, topic, m));
    assert.equal(new Set(sent.map(r => r.msgId)).size, N, 'distinct msgIds from the send results');

    const expectedA = msgs.filter(m => m.tags === 'TagA').map(m => m.body);
    const expectedAll = msgs.map(m => m.body);
    await Promise.all([tagA.waitForBodies(expectedA, 60000), all.waitForBodies(expectedAll, 60000)]);
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
    // ali-ons' msgId is the offsetMsgId (it sets no UNIQ_KEY): consumer and producer must agree.
    assert.deepEqual(new Set(all.items.map(i => i.msgId)), new Set(sent.map(r => r.msgId)), 'consumer msgIds = send-result msgIds');
  }));
});
