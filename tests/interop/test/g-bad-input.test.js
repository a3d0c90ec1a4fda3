'use strict';
// (g) Bad input on the raw TCP ports must not take the gateway down, and real clients
// must still work afterwards. Each case opens a fresh connection to the broker port
// (and the name-server port), writes its bytes and closes (or waits for the gateway
// to close). After every case the process must still be running.
const { test, after } = require('node:test');
const assert = require('node:assert/strict');
const net = require('node:net');
const crypto = require('node:crypto');
const { withGateway } = require('../gateway');
const { withClients, Collector, assertExactBodies, uniq, sleep, exitWhenDone } = require('../lib/clients');
const { ensureTopic } = require('../lib/admin');
const { RawClient, encodeFrame, RequestCode, splitAddr } = require('../lib/remoting');

exitWhenDone(after);

const MiB = 1024 * 1024;

function u32(n) { const b = Buffer.alloc(4); b.writeUInt32BE(n >>> 0); return b; }
function frameWith({ length, typeAndHeaderLen, header = Buffer.alloc(0), body = Buffer.alloc(0) }) {
  return Buffer.concat([u32(length), u32(typeAndHeaderLen), header, body]);
}

/**
 * Write `chunks` (Buffers, optionally with delays) to a new connection; then either wait up
 * to `waitCloseMs` for the server to close, or close ourselves (`reset` = RST).
 */
function rawSession(addr, chunks, { waitCloseMs = 0, reset = false, gapMs = 0 } = {}) {
  const [host, port] = splitAddr(addr);
  return new Promise((resolve, reject) => {
    const s = net.connect({ host, port });
    const received = [];
    let closedByServer = false;
    let weClosed = false;
    let done = false;
    const finish = () => { if (!done) { done = true; resolve({ closedByServer, received: Buffer.concat(received) }); } };
    s.on('data', d => received.push(d));
    s.on('end', () => { closedByServer = true; });
    s.on('close', () => { if (!weClosed) closedByServer = true; finish(); });
    s.on('error', e => { if (e.code === 'ECONNRESET' || e.code === 'EPIPE') { if (!weClosed) closedByServer = true; } else if (!done) { done = true; reject(e); } });
    s.on('connect', async () => {
      for (const c of chunks) {
        if (s.destroyed) break;
        s.write(c);
        if (gapMs) await sleep(gapMs);
      }
      if (waitCloseMs) {
        setTimeout(() => { if (!s.destroyed) { weClosed = true; s.destroy(); } finish(); }, waitCloseMs);
      } else {
        await sleep(200);
        if (!s.destroyed) weClosed = true;
        if (reset && typeof s.resetAndDestroy === 'function') s.resetAndDestroy(); else s.destroy();
        setTimeout(finish, 50);
      }
    });
  });
}

const validHeader = (code, opaque = 7) => Buffer.from(JSON.stringify({ code, flag: 0, language: 'JAVA', opaque, version: 401, extFields: { topic: 'TBW102' } }));

const CASES = [
  ['4 KiB of random garbage', () => [crypto.randomBytes(4096)]],
  ['an HTTP request', () => [Buffer.from('GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n')], { mustClose: true }],
  ['a length prefix of 16 MiB + 1', () => [u32(16 * MiB + 1), crypto.randomBytes(1024)], { mustClose: true }],
  ['a length prefix of 0x7fffffff', () => [u32(0x7fffffff), crypto.randomBytes(64)], { mustClose: true }],
  ['a negative length prefix (0xffffffff)', () => [u32(0xffffffff), crypto.randomBytes(64)]],
  ['a zero length prefix', () => [u32(0), u32(0)]],
  ['a length prefix of 3 (no room for the header-length word)', () => [u32(3), Buffer.from([1, 2, 3])]],
  ['a truncated frame (half of a valid GET_ROUTEINFO_BY_TOPIC)', () => {
    const f = encodeFrame({ code: RequestCode.GET_ROUTEINFO_BY_TOPIC, extFields: { topic: 'TBW102' } });
    return [f.subarray(0, Math.floor(f.length / 2))];
  }],
  ['a truncated frame (length word only)', () => [u32(200)]],
  ['headerLen larger than the frame', () => [frameWith({ length: 20, typeAndHeaderLen: 1000, header: Buffer.alloc(16, 0x41) })]],
  ['headerLen 0xFFFFFF', () => [frameWith({ length: 12, typeAndHeaderLen: 0xffffff, header: Buffer.alloc(8) })]],
  ['an invalid JSON header', () => { const h = Buffer.from('{"code":105,"opaque":1,'); return [frameWith({ length: 4 + h.length, typeAndHeaderLen: h.length, header: h })]; }],
  ['a JSON header that is not an object', () => { const h = Buffer.from('[1,2,3]'); return [frameWith({ length: 4 + h.length, typeAndHeaderLen: h.length, header: h })]; }],
  ['a JSON header with wrong types', () => { const h = Buffer.from('{"code":"x","opaque":"y","flag":{},"extFields":[1],"version":null}'); return [frameWith({ length: 4 + h.length, typeAndHeaderLen: h.length, header: h })]; }],
  ['a ROCKETMQ (binary) header full of garbage', () => { const h = crypto.randomBytes(40); return [frameWith({ length: 4 + h.length, typeAndHeaderLen: (1 << 24) | h.length, header: h })]; }],
  ['a ROCKETMQ header with huge inner lengths', () => {
    const h = Buffer.alloc(40); h.writeInt16BE(105, 0); h.writeInt32BE(0x7fffffff, 13); // remarkLen
    return [frameWith({ length: 4 + h.length, typeAndHeaderLen: (1 << 24) | h.length, header: h })];
  }],
  ['an unknown serialize type (7)', () => { const h = validHeader(105); return [frameWith({ length: 4 + h.length, typeAndHeaderLen: (7 << 24) | h.length, header: h })]; }],
  ['SEND_MESSAGE_V2 without any ext fields', () => [encodeFrame({ code: RequestCode.SEND_MESSAGE_V2, body: Buffer.from('x') })]],
  ['SEND_MESSAGE_V2 with nonsense values', () => [encodeFrame({ code: RequestCode.SEND_MESSAGE_V2, extFields: { a: 'g', b: '!!bad topic!!', c: 'TBW102', d: 'x', e: '-5', f: 'y', g: 'z', h: '', m: 'maybe' }, body: Buffer.alloc(0) })]],
  ['PULL_MESSAGE with nonsense values', () => [encodeFrame({ code: RequestCode.PULL_MESSAGE, extFields: { consumerGroup: 'g', topic: 'nope', queueId: 'abc', queueOffset: '-1', maxMsgNums: '-3', sysFlag: '999', commitOffset: 'q', suspendTimeoutMillis: '-1', subVersion: 'v' } })]],
  ['SEND_BATCH_MESSAGE with a corrupt batch body', () => [encodeFrame({ code: RequestCode.SEND_BATCH_MESSAGE, extFields: { a: 'g', b: 'T_bad_batch', c: 'TBW102', d: 4, e: 0, f: 0, g: Date.now(), h: 0, i: '', j: 0, k: false, m: true }, body: Buffer.concat([u32(0x7fffff00), crypto.randomBytes(50)]) })]],
  ['HEART_BEAT with a non-JSON body', () => [encodeFrame({ code: RequestCode.HEART_BEAT, body: crypto.randomBytes(64) })]],
];

test('garbage, HTTP, oversized and truncated frames do not take the gateway down; real clients still work', async () => {
  await withGateway('g-bad-input', gw => withClients(gw, 'g-bad-input', async s => {
    const report = [];
    for (const [port, addr] of [['broker', gw.brokerAddr], ['namesrv', gw.nameSrv]]) {
      for (const [name, make, opts = {}] of CASES) {
        const res = await rawSession(addr, make(), { waitCloseMs: opts.mustClose ? 10000 : 0 });
        report.push(`${port}: ${name}: closedByServer=${res.closedByServer} replyBytes=${res.received.length}`);
        assert.ok(gw.running, `gateway process died after "${name}" on the ${port} port`);
        if (opts.mustClose) {
          assert.ok(res.closedByServer, `${port}: after "${name}" the gateway should close the connection (Java: frames over 16 MiB close the channel)`);
        }
      }
      // Abrupt resets in the middle of a frame, many at once.
      const f = encodeFrame({ code: RequestCode.GET_ROUTEINFO_BY_TOPIC, extFields: { topic: 'TBW102' } });
      await Promise.all(Array.from({ length: 50 }, () => rawSession(addr, [f.subarray(0, 10)], { reset: true })));
      assert.ok(gw.running, `gateway process died after 50 connection resets on the ${port} port`);
    }
    console.log(`bad-input observations:\n  ${report.join('\n  ')}`);

    const h = await gw.health();
    assert.equal(h.status, 200, 'health after bad input');

    // Frame reassembly: a valid request dribbled one byte at a time, and two requests in one write.
    {
      const ns = await RawClient.connect(gw.nameSrv);
      const f1 = encodeFrame({ code: RequestCode.GET_ROUTEINFO_BY_TOPIC, opaque: 1001, extFields: { topic: 'TBW102' } });
      const got = new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error('no response to a byte-by-byte request within 15s')), 15000);
        ns.pending.set(1001, { resolve: r => { clearTimeout(t); resolve(r); }, reject });
      });
      for (const byte of f1) { ns.socket.write(Buffer.from([byte])); await sleep(2); }
      const r1 = await got;
      assert.equal(r1.header.opaque, 1001);
      const [ra, rb] = await Promise.all([
        ns.request({ code: RequestCode.GET_ROUTEINFO_BY_TOPIC, opaque: 2001, extFields: { topic: 'TBW102' } }),
        ns.request({ code: RequestCode.GET_ROUTEINFO_BY_TOPIC, opaque: 2002, extFields: { topic: 'TBW102' } }),
      ]);
      assert.equal(ra.header.opaque, 2001);
      assert.equal(rb.header.opaque, 2002);
      await ns.close();
    }

    // Real clients still work.
    const topic = uniq('T_g_after');
    await ensureTopic(gw, topic); // ali-ons sends first and cannot auto-create a topic
    const aliP = await s.aliProducer();
    const cppP = await s.cppProducer();
    const bodies = [];
    for (let i = 0; i < 6; i++) {
      const m = { body: `g-${i}`, tags: 'TagA', keys: `g${i}` };
      if (i % 2) await s.cppSend(cppP, topic, m); else await s.aliSend(aliP, topic, m);
      bodies.push(m.body);
    }
    const ali = new Collector('ali-ons consumer after bad input');
    const cpp = new Collector('C++ consumer after bad input');
    await s.aliConsumer({ topic, collector: ali });
    await s.cppConsumer({ topic, collector: cpp });
    await Promise.all([ali.waitForBodies(bodies, 90000), cpp.waitForBodies(bodies, 90000)]);
    await sleep(2000);
    assertExactBodies(ali, bodies);
    assertExactBodies(cpp, bodies);
    assert.ok(gw.running);
  }));
});

test('an unknown request code is answered with REQUEST_CODE_NOT_SUPPORTED (3) and the same opaque', async () => {
  await withGateway('g-unknown-code', async gw => {
    for (const addr of [gw.brokerAddr, gw.nameSrv]) {
      const c = await RawClient.connect(addr);
      const r = await c.request({ code: 9999, opaque: 4242, extFields: { foo: 'bar' } });
      assert.equal(r.header.opaque, 4242, `${addr}: opaque`);
      assert.equal(r.header.code, 3, `${addr}: code for request 9999 (remark ${JSON.stringify(r.header.remark)})`);
      assert.equal(r.header.flag & 1, 1, `${addr}: response flag bit`);
      // The connection stays usable.
      const r2 = await c.request({ code: RequestCode.GET_ROUTEINFO_BY_TOPIC, opaque: 4243, extFields: { topic: 'TBW102' } });
      assert.equal(r2.header.opaque, 4243);
      await c.close();
    }
    assert.ok(gw.running);
  });
});
