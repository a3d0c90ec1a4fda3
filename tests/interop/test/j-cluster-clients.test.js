'use strict';
// (j) Cluster: three gateway processes sharing one redis-server (routing, --Broker:Redis) and
// one SQLite file (shared mode), real clients through any of them.
//
// "A client through gateway X" means X is the client's name server. The data path follows the
// route, as with RocketMQ: sends and pulls go to the gateway the route names brokerId 0 of the
// logical broker, heartbeats go to every gateway the route lists. The raw part pins the data
// path to explicit gateways instead: a message sent to any gateway's broker port is pulled
// from any other's (each gateway serves every queue from the shared store), and a long-poll
// parked on one is woken by a send through another (pub/sub wake-up).
//
// No gateway stops and every client closes gracefully here, so nothing RocketMQ's
// at-least-once semantics allows applies: every set is asserted exactly once.
const { test, after } = require('node:test');
const assert = require('node:assert/strict');
const { withCluster } = require('../cluster');
const { withClients, Collector, assertExactBodies, uniq, sleep, exitWhenDone } = require('../lib/clients');
const { ensureTopic } = require('../lib/admin');
const { RawClient, RequestCode, propertiesToString, decodeStoredMessages, uniqKey } = require('../lib/remoting');

exitWhenDone(after);

const N = 12; // per producer; half TagA, half TagB
const SETTLE_MS = 3000;

async function clientsThroughAnyGateway(cluster, s, label) {
  const [a, b, c] = cluster.gateways;
  const topic = uniq(`T_j_${label}`);
  await ensureTopic(a, topic, { queues: 4 }); // ali-ons cannot auto-create (lib/admin.js)

  // Every gateway answers the same route: one live gateway as brokerId 0 per logical broker,
  // the others as 1..n, every listed address being that gateway's port ListenPort + k.
  const tables = await Promise.all(cluster.gateways.map(g => cluster.brokerTable(topic, g)));
  for (const t of tables) assert.deepEqual(t, tables[0], `routes differ between gateways: ${JSON.stringify(tables)}`);
  for (const name of cluster.brokerNames) {
    assert.deepEqual([...tables[0][name]].sort(), ['A', 'B', 'C'], `${name} lists every gateway once: ${JSON.stringify(tables[0])}`);
  }

  const only = gw => ({ ali: { nameSrv: [gw.nameSrv] }, cpp: { nameServer: gw.nameSrv } });
  const tagA = new Collector(`ali-ons [TagA] through C (${label})`);
  const aliAll = new Collector(`ali-ons [*] through C (${label})`);
  const cppAll = new Collector(`C++ [*] through C (${label})`);
  const listAll = new Collector(`ali-ons [*] through A;B;C (${label})`);
  const cppTagA = new Collector(`C++ [TagA] through A;B;C (${label})`);
  await s.aliConsumer({ topic, expr: 'TagA', collector: tagA, options: only(c).ali });
  await s.aliConsumer({ topic, expr: '*', collector: aliAll, options: only(c).ali });
  await s.cppConsumer({ topic, expr: '*', collector: cppAll, options: only(c).cpp });
  await s.aliConsumer({ topic, expr: '*', collector: listAll }); // the session default: every name server
  await s.cppConsumer({ topic, expr: 'TagA', collector: cppTagA }); // likewise ('a;b;c')
  await sleep(1000);

  const aliP = await s.aliProducer({ options: only(a).ali });
  const cppP = await s.cppProducer({ options: only(b).cpp });
  const msgs = [];
  const brokersUsed = new Set();
  for (let i = 0; i < N; i++) {
    const tags = i % 2 ? 'TagB' : 'TagA';
    const m = { body: `j-${label}-ali-via-A-${i}-${tags}`, tags, keys: `ka${i}` };
    const r = await s.aliSend(aliP, topic, m);
    brokersUsed.add(r.messageQueue.brokerName);
    msgs.push(m);
  }
  for (let i = 0; i < N; i++) {
    const tags = i % 2 ? 'TagB' : 'TagA';
    const m = { body: `j-${label}-cpp-via-B-${i}-${tags}`, tags, keys: `kc${i}` };
    await s.cppSend(cppP, topic, m);
    msgs.push(m);
  }
  // ali-ons spreads its sends round-robin over every writable queue of every logical broker.
  assert.deepEqual([...brokersUsed].sort(), [...cluster.brokerNames].sort(), 'ali-ons sent to every logical broker');

  const all = msgs.map(m => m.body);
  const onlyA = msgs.filter(m => m.tags === 'TagA').map(m => m.body);
  await Promise.all([tagA.waitForBodies(onlyA, 60000), cppTagA.waitForBodies(onlyA, 60000), aliAll.waitForBodies(all, 60000),
    cppAll.waitForBodies(all, 60000), listAll.waitForBodies(all, 60000)]);
  await sleep(SETTLE_MS);
  assertExactBodies(tagA, onlyA);
  assertExactBodies(cppTagA, onlyA);
  assertExactBodies(aliAll, all);
  assertExactBodies(cppAll, all);
  assertExactBodies(listAll, all);
  const byBody = new Map(msgs.map(m => [m.body, m]));
  for (const col of [tagA, cppTagA, aliAll, cppAll, listAll]) {
    for (const item of col.items) {
      assert.equal(item.tags, byBody.get(item.body).tags, `${col.name}: tags of ${item.body}`);
      assert.equal(item.keys, byBody.get(item.body).keys, `${col.name}: keys of ${item.body}`);
      assert.equal(item.topic, topic);
    }
  }
}

test('three gateways: producers through A and through B, consumers through C and through all three (ali-ons and C++), with tags', async () => {
  await withCluster('j-clients', cluster => withClients(cluster, 'j-clients', s => clientsThroughAnyGateway(cluster, s, 'one')));
});

test('three gateways, two logical brokers (broker k on ListenPort + k): the same through any gateway', async () => {
  await withCluster('j-clients-2b', cluster => withClients(cluster, 'j-clients-2b', s => clientsThroughAnyGateway(cluster, s, 'two')),
    { brokerNames: ['broker-a', 'broker-b'] });
});

test('raw: a message sent to any gateway is pulled from any other, and wakes a long-poll parked there', async () => {
  await withCluster('j-raw-any', async cluster => {
    const gws = cluster.gateways;
    const topic = uniq('T_j_raw');
    await ensureTopic(gws[0], topic, { queues: 8 });
    const conns = new Map();
    for (const g of gws) conns.set(g, await RawClient.connect(g.brokerAddr));
    const report = [];
    try {
      let queueId = 0;
      for (const from of gws) {
        for (const to of gws) {
          if (from === to) continue;
          const q = queueId++;
          const group = uniq('GID_j_raw');
          // Park a long-poll on `to` (empty queue, suspend flag), then send through `from`.
          const pulling = conns.get(to).request({
            code: RequestCode.PULL_MESSAGE,
            extFields: {
              consumerGroup: group, topic, queueId: q, queueOffset: 0, maxMsgNums: 32, sysFlag: 6, commitOffset: 0,
              suspendTimeoutMillis: 15000, subscription: '*', subVersion: Date.now(),
            },
          }, 30000);
          await sleep(500);
          const body = `j-raw-${from.label}-to-${to.label}`;
          const sentAt = Date.now();
          const sent = await conns.get(from).request({
            code: RequestCode.SEND_MESSAGE_V2,
            extFields: {
              a: uniq('PID_j_raw'), b: topic, c: 'TBW102', d: 8, e: q, f: 0, g: Date.now(), h: 0,
              i: propertiesToString({ TAGS: 'TagA', UNIQ_KEY: uniqKey(), WAIT: 'true' }), j: 0, k: false, m: false,
            },
            body: Buffer.from(body),
          });
          assert.equal(sent.header.code, 0, `send through ${from.label}: ${JSON.stringify(sent.header)}`);
          const pull = await pulling;
          const wokenMs = Date.now() - sentAt;
          assert.equal(pull.header.code, 0, `long-poll on ${to.label} after a send through ${from.label}: ${JSON.stringify(pull.header)}`);
          const got = decodeStoredMessages(pull.body).map(m => m.body.toString());
          assert.deepEqual(got, [body], `pull on ${to.label} of queue ${q}`);
          // Bounded generously for a loaded 2-core machine; the design target is ~100 ms.
          assert.ok(wokenMs < 3000, `long-poll on ${to.label} woken ${wokenMs} ms after the send through ${from.label}`);
          report.push(`${from.label}->${to.label} ${wokenMs} ms`);
        }
      }
    } finally {
      for (const c of conns.values()) await c.close();
    }
    console.log(`[j-raw-any] cross-gateway long-poll wake-up (send issued -> pull answered): ${report.join(', ')}`);
  });
});
