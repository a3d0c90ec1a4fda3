'use strict';
// (d) Batch send (SEND_BATCH_MESSAGE, request code 320).
//
// Neither npm client can send a batch: ali-ons 3.12.0 has no batch API at all (its
// request codes stop at SEND_MESSAGE_V2 = 310), and rocketmq-nodejs 1.1.2 only exposes
// Producer.send(topic, body, {tags, keys}) although rocketmq-client-cpp itself has a
// batch send. So the batch is produced by the tiny hand-made remoting client in
// lib/remoting.js, doing what the Java DefaultMQProducer does: route lookup (falling
// back to TBW102 for a new topic), then 320 with the V2 short header (a..m, m=true) and
// a batch body; each message carries its own UNIQ_KEY. Real clients then consume it.
const { test, after } = require('node:test');
const assert = require('node:assert/strict');
const { withGateway } = require('../gateway');
const { withClients, Collector, assertExactBodies, uniq, sleep, exitWhenDone } = require('../lib/clients');
const { RawClient, RequestCode, encodeBatchBody, uniqKey, propertiesToString } = require('../lib/remoting');

exitWhenDone(after);

const BATCHES = 3;
const PER_BATCH = 10;
const SETTLE_MS = 3000;

function parseRoute(body) {
  const text = body.toString('utf8');
  try { return JSON.parse(text); } catch { /* fastjson form with unquoted integer keys */ }
  return JSON.parse(text.replace(/([{,])\s*(-?\d+)\s*:/g, '$1"$2":'));
}

test('batch sent with SEND_BATCH_MESSAGE (320) arrives exactly once at ali-ons and C++ consumers', async () => {
  await withGateway('d-batch', gw => withClients(gw, 'd-batch', async s => {
    const topic = uniq('T_d_batch');
    const group = uniq('PID_raw_batch');

    // Route lookup as the Java producer does it.
    const ns = await RawClient.connect(gw.nameSrv);
    let res = await ns.request({ code: RequestCode.GET_ROUTEINFO_BY_TOPIC, extFields: { topic } });
    let defaultTopic = topic;
    if (res.header.code === 17) { // TOPIC_NOT_EXIST: use the TBW102 template route, broker auto-creates
      defaultTopic = 'TBW102';
      res = await ns.request({ code: RequestCode.GET_ROUTEINFO_BY_TOPIC, extFields: { topic: 'TBW102' } });
    }
    await ns.close();
    assert.equal(res.header.code, 0, `GET_ROUTEINFO_BY_TOPIC(${defaultTopic}) -> ${JSON.stringify(res.header)}`);
    const route = parseRoute(res.body);
    const brokerAddr = route.brokerDatas[0].brokerAddrs['0'];
    assert.equal(brokerAddr, gw.brokerAddr, 'advertised master address');
    const queueNums = Math.min(4, route.queueDatas[0].writeQueueNums);
    assert.ok(queueNums > 0, `writeQueueNums in ${res.body}`);

    const broker = await RawClient.connect(brokerAddr);
    const expected = [];
    const uniqKeys = new Set();
    const offsetMsgIds = new Set();
    for (let b = 0; b < BATCHES; b++) {
      const msgs = [];
      for (let i = 0; i < PER_BATCH; i++) {
        const body = `d-batch-${b}-${i}`;
        const key = uniqKey();
        uniqKeys.add(key);
        expected.push(body);
        msgs.push({
          body: Buffer.from(body),
          flag: 0,
          properties: { KEYS: `bk-${b}-${i}`, TAGS: i % 2 === 0 ? 'TagA' : 'TagB', WAIT: 'true', UNIQ_KEY: key, origin: 'raw-batch' },
        });
      }
      const queueId = b % queueNums;
      const r = await broker.request({
        code: RequestCode.SEND_BATCH_MESSAGE,
        extFields: {
          a: group, b: topic, c: 'TBW102', d: 4, e: queueId, f: 0, g: Date.now(), h: 0,
          i: propertiesToString({ WAIT: 'true' }), j: 0, k: false, m: true,
        },
        body: encodeBatchBody(msgs),
      });
      assert.ok([0, 10, 11, 12].includes(r.header.code),
        `SEND_BATCH_MESSAGE #${b} -> code ${r.header.code} remark ${JSON.stringify(r.header.remark)} ext ${JSON.stringify(r.header.extFields)}`);
      const ext = r.header.extFields || {};
      const ids = String(ext.msgId || '').split(',').filter(Boolean);
      assert.equal(ids.length, PER_BATCH, `batch #${b}: msgId should list ${PER_BATCH} offsetMsgIds, got ${JSON.stringify(ext.msgId)}`);
      assert.equal(String(ext.queueId), String(queueId), `batch #${b}: queueId in response ${JSON.stringify(ext)}`);
      ids.forEach(id => offsetMsgIds.add(id));
    }
    await broker.close();
    assert.equal(offsetMsgIds.size, BATCHES * PER_BATCH, 'distinct offsetMsgIds across batches');

    const ali = new Collector('ali-ons consumer [*]');
    const cpp = new Collector('C++ consumer [*]');
    const cppA = new Collector('C++ consumer [TagA]');
    await s.aliConsumer({ topic, collector: ali });
    await s.cppConsumer({ topic, collector: cpp });
    await s.cppConsumer({ topic, expr: 'TagA', collector: cppA });
    const expectedA = expected.filter(b => Number(b.split('-')[3]) % 2 === 0);
    await Promise.all([ali.waitForBodies(expected, 90000), cpp.waitForBodies(expected, 90000), cppA.waitForBodies(expectedA, 90000)]);
    await sleep(SETTLE_MS);

    assertExactBodies(ali, expected);
    assertExactBodies(cpp, expected);
    assertExactBodies(cppA, expectedA);
    // ali-ons computes msgId from storeHost + commit-log offset: must match the 320 response.
    assert.deepEqual(new Set(ali.items.map(i => i.msgId)), offsetMsgIds, 'ali-ons msgIds = offsetMsgIds from the batch response');
    for (const item of ali.items) {
      const [, , b, i] = item.body.split('-');
      assert.equal(item.tags, Number(i) % 2 === 0 ? 'TagA' : 'TagB', `tags of ${item.body}`);
      assert.equal(item.keys, `bk-${b}-${i}`, `keys of ${item.body}`);
      assert.equal(item.properties.origin, 'raw-batch', `user property of ${item.body}`);
      assert.ok(uniqKeys.has(item.properties.UNIQ_KEY), `UNIQ_KEY of ${item.body}: ${item.properties.UNIQ_KEY}`);
    }
    // C++ reports UNIQ_KEY as msgId.
    for (const item of cpp.items) {
      assert.ok(uniqKeys.has(item.msgId), `C++ msgId of ${item.body} should be its UNIQ_KEY, got ${item.msgId}`);
    }
  }));
});
