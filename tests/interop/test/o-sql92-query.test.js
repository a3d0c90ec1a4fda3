'use strict';
// (o) SQL92 subscriptions with ali-ons (`subscribe(topic, {expressionType: 'SQL92', subString})`; rocketmq-nodejs
// 1.1.2 takes a tag expression only), and mqadmin-style look-ups (QUERY_MESSAGE by key and by unique key,
// VIEW_MESSAGE_BY_ID) of messages both real clients sent.
const { test, after } = require('node:test');
const assert = require('node:assert/strict');
const { withGateway } = require('../gateway');
const { withClients, Collector, assertExactBodies, uniq, sleep, exitWhenDone } = require('../lib/clients');
const { ensureTopic, queryMessage, viewMessage } = require('../lib/admin');

exitWhenDone(after);

test('ali-ons SQL92 subscription: the broker delivers exactly the messages whose user properties match', async () => {
  await withGateway('o-sql92', gw => withClients(gw, 'o-sql92', async s => {
    const topic = uniq('T_o_sql');
    await ensureTopic(gw, topic);
    const matched = new Collector('SQL92 consumer');
    const all = new Collector('* consumer');
    // ali-ons does no client-side filtering for an expression object (its tagsSet stays empty): whatever arrives is
    // what the broker's filter let through.
    await s.aliConsumer({ topic, collector: matched, expr: { expressionType: 'SQL92', subString: "n >= 5 AND color = 'red' AND TAGS IN ('TagA', 'TagB')" } });
    await s.aliConsumer({ topic, collector: all });
    await sleep(1000);
    const p = await s.aliProducer();
    const bodies = [];
    const want = [];
    for (let i = 0; i < 12; i++) {
      const color = i % 2 === 1 ? 'red' : 'blue';
      const tags = i === 9 ? 'TagC' : 'TagA';
      const body = `o-sql-${i}-${color}-${tags}`;
      await s.aliSend(p, topic, { body, tags, properties: { n: String(i), color } });
      bodies.push(body);
      if (i >= 5 && color === 'red' && tags !== 'TagC') want.push(body);
    }
    // A message without the properties: unknown properties make the expression false, never an error.
    await s.aliSend(p, topic, { body: 'o-sql-bare', tags: 'TagA' });
    bodies.push('o-sql-bare');

    await all.waitForBodies(bodies, 30000);
    await matched.waitForBodies(want, 30000);
    await sleep(1500);
    assertExactBodies(all, bodies);
    assertExactBodies(matched, want);
    assert.deepEqual(want, ['o-sql-5-red-TagA', 'o-sql-7-red-TagA', 'o-sql-11-red-TagA']);
    for (const item of matched.items) assert.equal(item.properties.color, 'red');
  }), { extraArgs: ['--Broker:enablePropertyFilter=true'] });
});

test('messages sent by ali-ons and by the C++ client are found by key, by unique key and by id', async () => {
  await withGateway('o-query', gw => withClients(gw, 'o-query', async s => {
    const topic = uniq('T_o_query');
    await ensureTopic(gw, topic);
    const ali = await s.aliProducer();
    const cpp = await s.cppProducer();
    const since = Date.now() - 1000;

    const aliSent = [];
    for (let i = 0; i < 3; i++) {
      const res = await s.aliSend(ali, topic, { body: `o-ali-${i}`, tags: 'TagA', keys: [`order-ali-${i}`, 'shared-key'] });
      aliSent.push({ body: `o-ali-${i}`, key: `order-ali-${i}`, msgId: res.msgId });
    }
    const cppSent = [];
    for (let i = 0; i < 3; i++) {
      const res = await s.cppSend(cpp, topic, { body: `o-cpp-${i}`, tags: 'TagB', keys: `order-cpp-${i}` });
      cppSent.push({ body: `o-cpp-${i}`, key: `order-cpp-${i}`, msgId: res.msgId });
    }

    for (const m of [...aliSent, ...cppSent]) {
      const found = await queryMessage(gw, topic, m.key, { beginTimestamp: since });
      assert.deepEqual(found.map(f => f.body.toString()), [m.body], `queryMsgByKey ${m.key}`);
    }
    const shared = await queryMessage(gw, topic, 'shared-key', { beginTimestamp: since });
    assert.deepEqual(shared.map(f => f.body.toString()).sort(), aliSent.map(m => m.body), 'every ali-ons message carries the second key');
    const limited = await queryMessage(gw, topic, 'shared-key', { beginTimestamp: since, maxNum: 2 });
    assert.equal(limited.length, 2, 'maxNum bounds the answer');
    assert.deepEqual(await queryMessage(gw, topic, 'no-such-key', { beginTimestamp: since }), [], 'an unknown key finds nothing');

    // ali-ons' msgId is the offsetMsgId (it sets no UNIQ_KEY): mqadmin queryMsgById decodes the commit-log offset.
    for (const m of aliSent) {
      const viewed = await viewMessage(gw, m.msgId);
      assert.equal(viewed.body.toString(), m.body, `queryMsgById ${m.msgId}`);
      assert.equal(viewed.offsetMsgId, m.msgId, 'the viewed record names the same offsetMsgId');
    }
    // The C++ client's msgId is its UNIQ_KEY: mqadmin queryMsgByUniqueKey.
    for (const m of cppSent) {
      const found = await queryMessage(gw, topic, m.msgId, { uniqueKey: true, beginTimestamp: since });
      assert.deepEqual(found.map(f => f.body.toString()), [m.body], `queryMsgByUniqueKey ${m.msgId}`);
      assert.equal(found[0].properties.UNIQ_KEY, m.msgId);
      const viewed = await viewMessage(gw, found[0].offsetMsgId);
      assert.equal(viewed.body.toString(), m.body, `queryMsgById ${found[0].offsetMsgId} of the C++ message`);
    }
    // A time range that ends before the sends finds nothing.
    assert.deepEqual(await queryMessage(gw, topic, 'order-ali-0', { beginTimestamp: since - 60000, endTimestamp: since - 30000 }), []);
  }));
});
