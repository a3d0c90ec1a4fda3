'use strict';
// (c) A brand-new consumer group started AFTER the messages were sent.
//
// Both clients default to CONSUME_FROM_LAST_OFFSET. RocketMQ's fresh-queue rule
// (broker ConsumerManageProcessor.queryConsumerOffset): a group with no stored offset on
// a queue whose min offset is 0 (and whose first message is still in memory) is answered
// offset 0 instead of QUERY_NOT_FOUND (22), so a brand-new group still gets the earlier
// messages. If the gateway answered 22, the clients would start at the max offset and
// these tests would see nothing.
const { test, after } = require('node:test');
const assert = require('node:assert/strict');
const { withGateway } = require('../gateway');
const { withClients, Collector, assertExactBodies, uniq, sleep, exitWhenDone } = require('../lib/clients');
const { ensureTopic } = require('../lib/admin');

exitWhenDone(after);

const N = 12;
const M = 6;
const SETTLE_MS = 3000;

test('late consumers (new groups) get the messages sent before they started, then only new ones', async () => {
  await withGateway('c-late-consumer', gw => withClients(gw, 'c-late-consumer', async s => {
    const topic = uniq('T_c_late');
    await ensureTopic(gw, topic); // ali-ons sends first and cannot auto-create a topic
    const aliP = await s.aliProducer();
    const cppP = await s.cppProducer();
    const early = [];
    for (let i = 0; i < N; i++) {
      const m = { body: `c-early-${i}`, tags: i % 3 === 0 ? 'TagB' : 'TagA', keys: `k${i}` };
      if (i % 2 === 0) await s.aliSend(aliP, topic, m); else await s.cppSend(cppP, topic, m);
      early.push(m);
    }
    await sleep(500);

    const aliLast = new Collector('ali-ons consumer, default CONSUME_FROM_LAST_OFFSET');
    const aliFirst = new Collector('ali-ons consumer, CONSUME_FROM_FIRST_OFFSET');
    const cppLast = new Collector('C++ consumer, default CONSUME_FROM_LAST_OFFSET');
    await s.aliConsumer({ topic, collector: aliLast });
    await s.aliConsumer({ topic, collector: aliFirst, options: { consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET' } });
    await s.cppConsumer({ topic, collector: cppLast });

    const expectedEarly = early.map(m => m.body);
    await Promise.all([aliLast, aliFirst, cppLast].map(c => c.waitForBodies(expectedEarly, 90000)));
    await sleep(SETTLE_MS);
    for (const c of [aliLast, aliFirst, cppLast]) assertExactBodies(c, expectedEarly);

    // Second phase: the groups now have positions; only the new messages may arrive.
    const late = [];
    for (let i = 0; i < M; i++) {
      const m = { body: `c-late-${i}`, tags: 'TagA', keys: `l${i}` };
      if (i % 2 === 0) await s.cppSend(cppP, topic, m); else await s.aliSend(aliP, topic, m);
      late.push(m.body);
    }
    await Promise.all([aliLast, aliFirst, cppLast].map(c => c.waitForBodies([...expectedEarly, ...late], 60000)));
    await sleep(SETTLE_MS);
    for (const c of [aliLast, aliFirst, cppLast]) assertExactBodies(c, [...expectedEarly, ...late]);
    for (const item of aliLast.items) assert.equal(item.topic, topic);
  }));
});
