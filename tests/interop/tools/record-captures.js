#!/usr/bin/env node
'use strict';
// Records real-client traffic as protocol test vectors.
//
//   npm run record-captures                 # both clients
//   npm run record-captures -- --client ali-ons
//   npm run record-captures -- --client cpp --out /tmp/caps
//
// Output: captures/<slug>.log, one JSON line per frame the CLIENT sent (name server and
// broker connections interleaved in arrival order):
//   {"client":"ali-ons-3.12.0","seq":0,"hex":"<whole frame incl. the 4-byte length, hex>"}
//
// How: a gateway is started with the harness; a recording TCP proxy is put in front of
// its name-server port AND its broker port. The gateway advertises its own broker
// address (127.0.0.1:<ListenPort>) in routes, which clients would then use directly,
// bypassing the proxy. So the name-server proxy rewrites every server->client frame:
// the text "127.0.0.1:<ListenPort>" becomes "127.0.0.1:<broker proxy port>" (the frame
// is re-encoded with the new lengths). The client->server bytes are forwarded and
// recorded unmodified. This needs no second loopback address, no root and no tshark.
// Each client gets its own pair of proxies, so every recorded frame is attributable.

const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const { Gateway, sleep } = require('../gateway');
const { FrameSplitter, decodeFrame, splitAddr } = require('../lib/remoting');
const { ClientSession, Collector, uniq, ALI_ONS_VERSION, ROCKETMQ_NODEJS_VERSION } = require('../lib/clients');
const { ensureTopic } = require('../lib/admin');

const CLIENTS = {
  'ali-ons': { name: `ali-ons-${ALI_ONS_VERSION}`, slug: `ali-ons-${ALI_ONS_VERSION}`, run: aliScenario },
  cpp: {
    name: `rocketmq-client-cpp-3.0 (rocketmq-nodejs ${ROCKETMQ_NODEJS_VERSION})`,
    slug: 'rocketmq-client-cpp-3.0',
    run: cppScenario,
  },
};

function parseArgs(argv) {
  const out = { client: 'all', out: path.join(__dirname, '..', 'captures') };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--client') out.client = argv[++i];
    else if (argv[i] === '--out') out.out = argv[++i];
    else if (argv[i] === '-h' || argv[i] === '--help') { console.log('usage: record-captures.js [--client ali-ons|cpp|all] [--out dir]'); process.exit(0); }
    else throw new Error(`unknown argument ${argv[i]}`);
  }
  return out;
}

/** Re-encode a frame after replacing `from` with `to` in its header and body. */
function rewriteFrame(frame, from, to) {
  const f = decodeFrame(frame);
  const headerBuf = frame.subarray(8, 8 + f.headerLen);
  const fromB = Buffer.from(from);
  if (!headerBuf.includes(fromB) && !f.body.includes(fromB)) return frame;
  const header = f.serializeType === 0 ? Buffer.from(headerBuf.toString('utf8').split(from).join(to)) : headerBuf;
  const body = Buffer.from(f.body.toString('latin1').split(from).join(to), 'latin1');
  const out = Buffer.alloc(8 + header.length + body.length);
  out.writeInt32BE(4 + header.length + body.length, 0);
  out.writeUInt32BE(((f.serializeType << 24) | header.length) >>> 0, 4);
  header.copy(out, 8);
  body.copy(out, 8 + header.length);
  return out;
}

class RecordingProxy {
  /**
   * @param {string} target host:port to forward to
   * @param {(frame:Buffer)=>void} onClientFrame called for every client->server frame
   * @param {(frame:Buffer)=>Buffer} [rewriteServerFrame] applied to server->client frames
   */
  constructor(target, onClientFrame, rewriteServerFrame) {
    this.target = target;
    this.onClientFrame = onClientFrame;
    this.rewriteServerFrame = rewriteServerFrame;
    this.sockets = new Set();
    this.server = net.createServer(c => this.handle(c));
  }

  listen() {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => resolve(this.server.address().port));
    });
  }

  handle(client) {
    const [host, port] = splitAddr(this.target);
    const upstream = net.connect({ host, port });
    this.sockets.add(client); this.sockets.add(upstream);
    const cSplit = new FrameSplitter();
    const sSplit = new FrameSplitter();
    client.on('data', chunk => {
      upstream.write(chunk); // forward unmodified
      try { for (const f of cSplit.push(chunk)) this.onClientFrame(f); } catch (e) { console.error(`[proxy ${this.target}] client stream: ${e.message}`); }
    });
    upstream.on('data', chunk => {
      if (!this.rewriteServerFrame) { client.write(chunk); return; }
      try {
        for (const f of sSplit.push(chunk)) client.write(this.rewriteServerFrame(f));
      } catch (e) {
        console.error(`[proxy ${this.target}] server stream: ${e.message}`);
        client.destroy();
      }
    });
    const close = () => { client.destroy(); upstream.destroy(); this.sockets.delete(client); this.sockets.delete(upstream); };
    client.on('close', close); upstream.on('close', close);
    client.on('error', close); upstream.on('error', close);
  }

  close() {
    for (const s of this.sockets) s.destroy();
    return new Promise(r => this.server.close(() => r()));
  }
}

async function withProxies(gw, clientName, fn) {
  const frames = [];
  const record = f => frames.push({ client: clientName, seq: frames.length, hex: f.toString('hex') });
  const broker = new RecordingProxy(gw.brokerAddr, record);
  const brokerPort = await broker.listen();
  const ns = new RecordingProxy(gw.nameSrv, record, f => rewriteFrame(f, gw.brokerAddr, `127.0.0.1:${brokerPort}`));
  const nsPort = await ns.listen();
  const view = { nameSrv: `127.0.0.1:${nsPort}`, brokerAddr: `127.0.0.1:${brokerPort}`, dir: gw.dir };
  let error = null;
  try {
    await fn(view);
  } catch (e) {
    error = e;
  }
  await sleep(500);
  await broker.close();
  await ns.close();
  return { frames, error };
}

// ------------------------------------------------------------------ scenarios
// Each scenario exercises producer + consumer paths: route lookups (incl. the TBW102
// fallback for a new topic), heartbeats, SEND (tags, keys, properties, a compressed
// body), consumer list, offset query/commit, pulls with a tag and with '*', unregister.

async function aliScenario(view, gw) {
  const s = new ClientSession(view, 'record-ali');
  try {
    const topic = uniq('T_rec_ali');
    // ali-ons cannot auto-create topics; create it directly on the gateway (not recorded).
    await ensureTopic(gw, topic);
    const p = await s.aliProducer();
    const bodies = [];
    for (let i = 0; i < 4; i++) {
      const body = `rec-ali-${i}`;
      await s.aliSend(p, topic, { body, tags: i % 2 ? 'TagB' : 'TagA', keys: [`k${i}`, 'rec'], properties: { idx: String(i) } });
      bodies.push(body);
    }
    const big = `rec-ali-big:${'x'.repeat(8192)}`;
    await s.aliSend(p, topic, { body: big, tags: 'TagA', keys: ['kbig'] });
    bodies.push(big);
    const all = new Collector('ali *');
    const tagA = new Collector('ali TagA');
    let retried = false;
    await s.aliConsumer({ topic, expr: '*', collector: all });
    await s.aliConsumer({
      topic, expr: 'TagA', collector: tagA,
      // Ask for one redelivery so CONSUMER_SEND_MSG_BACK (36) shows up in the capture.
      onMessage: async item => { if (!retried && item.body === 'rec-ali-0') { retried = true; throw new Error('deliberate failure for the capture'); } },
    });
    await all.waitForBodies(bodies, 60000);
    await sleep(6000); // one offset-persist cycle (5 s)
  } finally {
    const errors = await s.closeAll();
    if (errors.length) console.error(`ali-ons close problems: ${errors.join('; ')}`);
  }
}

async function cppScenario(view) {
  const s = new ClientSession(view, 'record-cpp');
  try {
    const topic = uniq('T_rec_cpp');
    const p = await s.cppProducer();
    const bodies = [];
    for (let i = 0; i < 4; i++) {
      const body = `rec-cpp-${i}`;
      await s.cppSend(p, topic, { body, tags: i % 2 ? 'TagB' : 'TagA', keys: `k${i}` });
      bodies.push(body);
    }
    const big = `rec-cpp-big:${'y'.repeat(8192)}`;
    await s.cppSend(p, topic, { body: big, tags: 'TagA', keys: 'kbig' });
    bodies.push(big);
    const all = new Collector('cpp *');
    const tagA = new Collector('cpp TagA');
    await s.cppConsumer({ topic, expr: '*', collector: all });
    await s.cppConsumer({ topic, expr: 'TagA', collector: tagA });
    await all.waitForBodies(bodies, 90000);
    await sleep(6000);
  } finally {
    const errors = await s.closeAll();
    if (errors.length) console.error(`C++ close problems: ${errors.join('; ')}`);
  }
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const which = args.client === 'all' ? Object.keys(CLIENTS) : [args.client];
  for (const w of which) if (!CLIENTS[w]) throw new Error(`unknown client ${w} (ali-ons|cpp|all)`);
  fs.mkdirSync(args.out, { recursive: true });

  const gw = await Gateway.start({ name: 'record-captures' });
  let failed = false;
  try {
    for (const w of which) {
      const c = CLIENTS[w];
      console.log(`recording ${c.name} ...`);
      const { frames, error } = await withProxies(gw, c.name, view => c.run(view, gw));
      const file = path.join(args.out, `${c.slug}.log`);
      fs.writeFileSync(file, frames.map(f => JSON.stringify(f)).join('\n') + (frames.length ? '\n' : ''));
      const codes = {};
      for (const f of frames) {
        const h = decodeFrame(Buffer.from(f.hex, 'hex')).header || {};
        codes[h.code] = (codes[h.code] || 0) + 1;
      }
      console.log(`  ${frames.length} frames -> ${file}; request codes: ${JSON.stringify(codes)}`);
      if (error) {
        failed = true;
        console.error(`  scenario for ${c.name} failed (captures so far were still written): ${error.stack || error}`);
      }
    }
  } finally {
    if (failed) console.error(gw.describe(60));
    await gw.cleanup({ keepDir: failed });
  }
  process.exit(failed ? 1 : 0); // the native client / ali-ons timers would keep the process alive
}

if (require.main === module) {
  main().catch(e => { console.error(e.stack || e); process.exit(1); });
}

module.exports = { RecordingProxy, rewriteFrame };
