'use strict';
// (f) Messages are intact after a gateway restart: bodies (text, multi-byte UTF-8,
// binary, a 64 KiB body that ali-ons sends zlib-compressed with sysFlag 1), tags, keys,
// user properties, and msgIds.
const { test, after } = require('node:test');
const assert = require('node:assert/strict');
const { withGateway } = require('../gateway');
const { withClients, Collector, assertExactBodies, uniq, sleep, exitWhenDone } = require('../lib/clients');
const { ensureTopic } = require('../lib/admin');

exitWhenDone(after);

const SETTLE_MS = 3000;

function aliMessages(prefix) {
  const out = [];
  for (let i = 0; i < 6; i++) {
    out.push({
      id: `${prefix}-ali-${i}`,
      body: Buffer.from(`${prefix}-ali-${i} héllo wörld 世界 🚀`),
      tags: i % 2 ? 'TagB' : 'TagA',
      keys: [`${prefix}-k${i}`, `shared-${prefix}`],
      properties: { color: i % 2 ? 'blue' : 'red', idx: String(i), 'x-unicode': 'ünïcødé ✓' },
    });
  }
  // Binary body (all byte values) and a large compressible body (>= 4 KiB: ali-ons
  // compresses it and sets sysFlag bit 0; the broker must store it as sent).
  const bin = Buffer.alloc(256); for (let b = 0; b < 256; b++) bin[b] = b;
  out.push({ id: `${prefix}-ali-bin`, body: Buffer.concat([Buffer.from(`${prefix}-ali-bin:`), bin]), tags: 'TagBin', keys: [`${prefix}-kbin`], properties: { kind: 'binary' } });
  const big = Buffer.from(`${prefix}-ali-big:` + 'abcdefghij'.repeat(6554));
  out.push({ id: `${prefix}-ali-big`, body: big, tags: 'TagBig', keys: [`${prefix}-kbig`], properties: { kind: 'big', size: String(big.length) } });
  return out;
}

function cppMessages(prefix) {
  return Array.from({ length: 6 }, (_, i) => ({
    id: `${prefix}-cpp-${i}`,
    body: `${prefix}-cpp-${i} ünïcødé 世界`,
    tags: i % 2 ? 'TagB' : 'TagA',
    keys: `${prefix}-ck${i}`,
  }));
}

// Message identity: the text before the first space or ':' of the body.
const idOf = body => body.toString('utf8').split(/[ :]/)[0];

async function scenario(gw, s, { crash }) {
  const topic = uniq(crash ? 'T_f_crash' : 'T_f_restart');
  const prefix = crash ? 'fk' : 'fr';
  await ensureTopic(gw, topic); // ali-ons sends first and cannot auto-create a topic
  const aliP = await s.aliProducer();
  const cppP = await s.cppProducer();
  const aliMsgs = aliMessages(prefix);
  const cppMsgs = cppMessages(prefix);
  const sentAli = new Map();
  const sentCpp = new Map();
  for (const m of aliMsgs) sentAli.set(m.id, await s.aliSend(aliP, topic, m));
  for (const m of cppMsgs) sentCpp.set(m.id, await s.cppSend(cppP, topic, m));
  await aliP.closeGracefully();
  await cppP.closeGracefully();

  let stopped = null;
  if (crash) {
    // Every send above was acknowledged (SEND_OK) before the crash: none may be lost.
    await gw.kill();
    await gw.start();
  } else {
    stopped = await gw.restart();
  }

  const ali = new Collector('ali-ons consumer after restart');
  const cpp = new Collector('C++ consumer after restart');
  await s.aliConsumer({ topic, collector: ali });
  await s.cppConsumer({ topic, collector: cpp });
  const allIds = [...aliMsgs.map(m => m.id), ...cppMsgs.map(m => m.id)];
  const waitIds = (c, ids) => c.waitUntil(items => ids.every(id => items.some(it => idOf(it.rawBody || it.body) === id)), 90000, `ids ${ids.join(',')}`);
  await Promise.all([waitIds(ali, allIds), waitIds(cpp, allIds)]);
  await sleep(SETTLE_MS);

  // Exactly once each (by id).
  const byId = c => {
    const m = new Map();
    for (const it of c.items) {
      const id = idOf(it.rawBody || it.body);
      if (m.has(id)) assert.fail(`${c.name}: ${id} delivered twice`);
      m.set(id, it);
    }
    assert.deepEqual([...m.keys()].sort(), [...allIds].sort(), `${c.name}: set of delivered messages`);
    return m;
  };
  const aliGot = byId(ali);
  const cppGot = byId(cpp);

  for (const m of aliMsgs) {
    const got = aliGot.get(m.id);
    assert.ok(Buffer.compare(got.rawBody, m.body) === 0, `${m.id}: body bytes differ (got ${got.rawBody.length} bytes, sent ${m.body.length})`);
    assert.equal(got.tags, m.tags, `${m.id}: tags`);
    assert.equal(got.keys, m.keys.join(' '), `${m.id}: keys`);
    for (const [k, v] of Object.entries(m.properties)) assert.equal(got.properties[k], v, `${m.id}: property ${k}`);
    assert.equal(got.msgId, sentAli.get(m.id).msgId, `${m.id}: msgId (offsetMsgId) must be stable across the restart`);
    const c = cppGot.get(m.id);
    assert.equal(c.tags, m.tags, `${m.id} via C++: tags`);
    assert.equal(c.keys, m.keys.join(' '), `${m.id} via C++: keys`);
    if (!m.id.endsWith('bin') && !m.id.endsWith('big')) assert.equal(c.body, m.body.toString('utf8'), `${m.id} via C++: body`);
  }
  // The 64 KiB ali-ons body is stored compressed; the C++ consumer must inflate it too.
  const bigId = `${prefix}-ali-big`;
  assert.equal(cppGot.get(bigId).body, aliMsgs.find(m => m.id === bigId).body.toString('utf8'), `${bigId} via C++: inflated body`);

  for (const m of cppMsgs) {
    for (const [name, got] of [['ali-ons', aliGot.get(m.id)], ['C++', cppGot.get(m.id)]]) {
      assert.equal(got.body.toString('utf8'), m.body, `${m.id} via ${name}: body`);
      assert.equal(got.tags, m.tags, `${m.id} via ${name}: tags`);
      assert.equal(got.keys, m.keys, `${m.id} via ${name}: keys`);
    }
    // C++ sets UNIQ_KEY and reports it as msgId on both sides.
    assert.equal(cppGot.get(m.id).msgId, sentCpp.get(m.id).msgId, `${m.id}: C++ msgId (UNIQ_KEY) stable across the restart`);
    assert.equal(aliGot.get(m.id).properties.UNIQ_KEY, sentCpp.get(m.id).msgId, `${m.id}: UNIQ_KEY property seen by ali-ons`);
  }
  // Checked last so that a slow stop does not hide the integrity result (see h-shutdown.test.js).
  if (stopped) assert.ok(stopped.graceful, `gateway should exit on SIGTERM within the stop timeout: ${JSON.stringify(stopped)}`);
}

test('messages (bodies, tags, keys, properties) are intact after a graceful gateway restart (SIGTERM)', async () => {
  await withGateway('f-restart', gw => withClients(gw, 'f-restart', s => scenario(gw, s, { crash: false })));
});

test('acknowledged messages survive a gateway crash (SIGKILL) and are intact', async () => {
  await withGateway('f-crash', gw => withClients(gw, 'f-crash', s => scenario(gw, s, { crash: true })));
});
