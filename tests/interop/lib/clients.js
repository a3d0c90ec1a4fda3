'use strict';
// Factories for the two real RocketMQ clients, a message Collector and exact-set
// assertions. One ClientSession per test: it owns every client it creates, closes
// them all (gracefully, with time limits) at the end, and contributes the client
// logs to the failure report.

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const assert = require('node:assert/strict');
const { tailFile, sleep } = require('../gateway');

const ALI_ONS_VERSION = require('ali-ons/package.json').version;
const ROCKETMQ_NODEJS_VERSION = require('rocketmq-nodejs/package.json').version;

let seq = 0;
/** Unique, RocketMQ-legal (^[%|a-zA-Z0-9_-]+$) name. */
function uniq(prefix) {
  seq++;
  return `${prefix}_${process.pid}_${Date.now().toString(36)}_${seq}`;
}

function withTimeout(promise, ms, what) {
  let t;
  return Promise.race([
    Promise.resolve(promise).finally(() => clearTimeout(t)),
    new Promise((_, reject) => { t = setTimeout(() => reject(new Error(`${what}: timed out after ${ms}ms`)), ms); }),
  ]);
}

// ---------------------------------------------------------------- ali-ons

// ali-ons asserts an `httpclient` option even when nameSrv is given (it is only used
// to fetch a name-server list from an address server). Any call means misconfiguration.
const httpclientStub = {
  request() { throw new Error('httpclient stub: ali-ons tried to fetch a name-server list over HTTP'); },
  curl() { throw new Error('httpclient stub: ali-ons tried to fetch a name-server list over HTTP'); },
};

function fileLogger(file, tag) {
  const util = require('node:util');
  const write = level => (...args) => {
    try {
      fs.appendFileSync(file, `${new Date().toISOString()} ${level} [${tag}] ${util.format(...args)}\n`);
    } catch { /* dir removed */ }
  };
  return { debug: write('DEBUG'), info: write('INFO'), warn: write('WARN'), error: write('ERROR') };
}

// ---------------------------------------------------------------- rocketmq-nodejs (C++)

let rmq = null;
function rocketmqNodejs() {
  if (!rmq) rmq = require('rocketmq-nodejs'); // native addon: load lazily
  return rmq;
}
// The C++ logger is process global; one dir per test process.
const CPP_LOG_DIR = process.env.INTEROP_CPP_LOG_DIR || path.join(os.tmpdir(), `eventbroker-interop-cpp-logs-${process.pid}`);
const CPP_LOG_FILE = path.join(CPP_LOG_DIR, 'rocketmq-client-cpp.log');

function cppLogTail(lines = 60) {
  let files = [];
  const walk = d => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p); else files.push({ p, m: fs.statSync(p).mtimeMs });
    }
  };
  try { walk(CPP_LOG_DIR); } catch { return `<no C++ client logs in ${CPP_LOG_DIR}>`; }
  files = files.sort((a, b) => b.m - a.m).slice(0, 2);
  return files.map(f => `--- C++ client log ${f.p} (tail) ---\n${tailFile(f.p, lines)}`).join('\n') || `<no C++ client logs in ${CPP_LOG_DIR}>`;
}

// ---------------------------------------------------------------- Collector

class Collector {
  constructor(name) {
    this.name = name;
    this.items = [];
    this.waiters = [];
  }

  add(item) {
    this.items.push({ ...item, at: Date.now() });
    for (const w of [...this.waiters]) {
      if (w.pred(this.items)) { this.waiters.splice(this.waiters.indexOf(w), 1); w.resolve(); }
    }
  }

  get count() { return this.items.length; }
  bodies() { return this.items.map(i => i.body); }

  /** Wait until pred(items) holds; on timeout, fail with a summary of what arrived. */
  waitUntil(pred, timeoutMs, what) {
    if (pred(this.items)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const w = { pred, resolve: () => { clearTimeout(t); resolve(); } };
      const t = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        const desc = typeof what === 'function' ? what() : what;
        reject(new Error(`${this.name}: timed out after ${timeoutMs}ms waiting for ${desc}; ` +
          `got ${this.items.length} message(s): ${JSON.stringify(this.bodies().slice(0, 50))}`));
      }, timeoutMs);
      this.waiters.push(w);
    });
  }

  waitForCount(n, timeoutMs = 60000) {
    return this.waitUntil(items => items.length >= n, timeoutMs, `${n} message(s)`);
  }

  /** Wait until every expected body has arrived at least once. */
  waitForBodies(expected, timeoutMs = 60000) {
    const want = new Set(expected);
    return this.waitUntil(items => {
      const got = new Set(items.map(i => i.body));
      for (const b of want) if (!got.has(b)) return false;
      return true;
    }, timeoutMs, () => `${want.size} expected bodies (missing ${[...want].filter(b => !this.bodies().includes(b)).length}: ` +
      `${JSON.stringify([...want].filter(b => !this.bodies().includes(b)).slice(0, 20))})`);
  }
}

/**
 * Assert the collector got exactly `expected` bodies: each once, none missing, nothing else.
 * `allowDuplicates` only where RocketMQ's at-least-once semantics permit it (say why at the call site).
 */
function assertExactBodies(collector, expected, { allowDuplicates = false, label = collector.name } = {}) {
  const counts = new Map();
  for (const b of collector.bodies()) counts.set(b, (counts.get(b) || 0) + 1);
  const want = new Set(expected);
  const missing = [...want].filter(b => !counts.has(b));
  const unexpected = [...counts.keys()].filter(b => !want.has(b));
  const duplicated = [...counts.entries()].filter(([, c]) => c > 1).map(([b, c]) => `${b} x${c}`);
  const problems = [];
  if (missing.length) problems.push(`missing ${missing.length}: ${JSON.stringify(missing.slice(0, 30))}`);
  if (unexpected.length) problems.push(`unexpected ${unexpected.length}: ${JSON.stringify(unexpected.slice(0, 30))}`);
  if (duplicated.length && !allowDuplicates) problems.push(`duplicated ${duplicated.length}: ${JSON.stringify(duplicated.slice(0, 30))}`);
  assert.ok(problems.length === 0, `${label}: expected exactly ${want.size} distinct bodies, got ${collector.count} deliveries; ${problems.join('; ')}`);
  return { duplicated };
}

// ---------------------------------------------------------------- Session

class ClientSession {
  constructor(gw, name) {
    this.gw = gw;
    this.name = name;
    this.clients = []; // {kind, name, close}
    this.aliLogFile = path.join(gw.dir, 'ali-ons.log');
    fs.mkdirSync(CPP_LOG_DIR, { recursive: true });
    if (gw.onFailure) {
      gw.onFailure(() => `--- ali-ons log ${this.aliLogFile} (tail) ---\n${tailFile(this.aliLogFile, 80)}`);
      gw.onFailure(() => cppLogTail(80));
    }
    this.aliErrors = [];
  }

  aliLogger(tag) { return fileLogger(this.aliLogFile, tag); }

  aliOptions(extra) {
    return {
      // A cluster session's `gw` lists every name server (nameSrvList); per-client `nameSrv` overrides it.
      nameSrv: this.gw.nameSrvList || [this.gw.nameSrv],
      httpclient: httpclientStub,
      logger: this.aliLogger(extra.instanceName || 'ali'),
      ...extra,
    };
  }

  /**
   * ali-ons keeps a process-wide static "default producer" (CLIENT_INNER_PRODUCER,
   * used for send-back fallback) that is created from the options of the first
   * client and never closed. Give it its own instance name (own MQClient) bound
   * to this test's gateway, and close it in closeAll().
   */
  async ensureAliDefaultProducer() {
    const { Producer } = require('ali-ons');
    if (this.aliDefault) return;
    if (Producer.defaultProducer) {
      const old = Producer.defaultProducer;
      Producer.defaultProducer = null;
      await withTimeout(old.close(), 10000, 'close stale ali-ons default producer').catch(() => {});
    }
    const opts = this.aliOptions({ instanceName: uniq('aliInner') });
    this.aliDefault = await withTimeout(Producer.getDefaultProducer(opts), 30000, 'ali-ons default producer ready');
    this.aliDefault.on('error', e => this.aliLogger('inner').error('producer error event: %s', e && e.stack));
  }

  async aliProducer({ group = uniq('PID_ali'), instanceName = uniq('aliP'), options = {} } = {}) {
    await this.ensureAliDefaultProducer();
    const { Producer } = require('ali-ons');
    const p = new Producer(this.aliOptions({ producerGroup: group, instanceName, ...options }));
    const log = this.aliLogger(instanceName);
    p.on('error', e => { log.error('producer error event: %s', e && e.stack); });
    await withTimeout(p.ready(), 30000, `ali-ons producer ${group} ready`);
    const entry = { kind: 'ali-producer', name: group, closed: false, close: () => withTimeout(p.close(), 15000, `close ali-ons producer ${group}`) };
    this.clients.push(entry);
    p.group = group;
    p.closeGracefully = async () => { if (!entry.closed) { entry.closed = true; await entry.close(); } };
    return p;
  }

  /**
   * Send via ali-ons; returns the SendResult. `shardingKey` (queue = md5 of the key) and `delayTimeLevel` go through
   * ali-ons' own Message setters.
   */
  async aliSend(producer, topic, { body, tags = null, keys, properties = {}, shardingKey, delayTimeLevel }) {
    const { Message } = require('ali-ons');
    const msg = new Message(topic, tags, typeof body === 'string' ? Buffer.from(body) : body);
    if (keys) msg.keys = Array.isArray(keys) ? keys : [keys];
    for (const [k, v] of Object.entries(properties)) msg.properties[k] = v;
    if (shardingKey !== undefined) msg.shardingKey = shardingKey;
    if (delayTimeLevel !== undefined) msg.delayTimeLevel = delayTimeLevel;
    const res = await producer.send(msg);
    assert.equal(res.sendStatus, 'SEND_OK', `ali-ons send of ${JSON.stringify(String(body).slice(0, 40))}: ${JSON.stringify(res)}`);
    return res;
  }

  /**
   * ali-ons push consumer. handler(msg) may be given; otherwise messages go into `collector`
   * as {body, tags, keys, msgId, properties, topic, queueId, queueOffset}.
   */
  async aliConsumer({ group = uniq('GID_ali'), instanceName = uniq('aliC'), topic, expr = '*', collector, options = {}, onMessage } = {}) {
    await this.ensureAliDefaultProducer();
    const { Consumer } = require('ali-ons');
    const log = this.aliLogger(instanceName);
    const c = new Consumer(this.aliOptions({ consumerGroup: group, instanceName, ...options }));
    c.on('error', e => { this.aliErrors.push(e); log.error('consumer error event: %s', e && e.stack); });
    await withTimeout(c.ready(), 30000, `ali-ons consumer ${group} ready`);
    c.subscribe(topic, expr, async msg => {
      const item = {
        client: 'ali-ons',
        topic: msg.topic,
        body: msg.body ? msg.body.toString('utf8') : '',
        rawBody: msg.body,
        tags: msg.tags,
        keys: msg.keys,
        msgId: msg.msgId,
        properties: { ...msg.properties },
        queueId: msg.queueId,
        queueOffset: msg.queueOffset,
        reconsumeTimes: msg.reconsumeTimes,
        sysFlag: msg.sysFlag,
      };
      if (onMessage) await onMessage(item, msg);
      if (collector) collector.add(item);
    });
    const entry = { kind: 'ali-consumer', name: group, closed: false, close: () => withTimeout(c.close(), 20000, `close ali-ons consumer ${group}`) };
    this.clients.push(entry);
    c.group = group;
    c.closeGracefully = async () => { if (!entry.closed) { entry.closed = true; await entry.close(); } };
    return c;
  }

  cppOptions(extra = {}) {
    return {
      nameServer: (this.gw.nameSrvList || [this.gw.nameSrv]).join(';'), // the C++ client takes 'a;b;c'
      // Quirk: despite its name, rocketmq-nodejs' `logDir` is the log FILE path. Passing an
      // existing directory (or a path ending in '/') aborts the process with
      // "initialite logger failed". The C++ logger is process global: first client wins.
      logDir: CPP_LOG_FILE,
      logLevel: process.env.INTEROP_CPP_LOG_LEVEL || 'info',
      logFileNum: 3,
      logFileSize: 50 * 1024 * 1024,
      ...extra,
    };
  }

  async cppProducer({ group = uniq('PID_cpp'), instanceName = uniq('cppP'), options = {} } = {}) {
    const { Producer } = rocketmqNodejs();
    const p = new Producer(group, instanceName, this.cppOptions(options));
    await withTimeout(p.start(), 60000, `C++ producer ${group} start`);
    const entry = { kind: 'cpp-producer', name: group, closed: false, close: () => withTimeout(p.shutdown(), 30000, `shutdown C++ producer ${group}`) };
    this.clients.push(entry);
    p.group = group;
    p.closeGracefully = async () => { if (!entry.closed) { entry.closed = true; await entry.close(); } };
    return p;
  }

  /** Send via rocketmq-nodejs; `delayLevel` is passed on as a send option (1.1.2 ignores it, see README). */
  async cppSend(producer, topic, { body, tags, keys, delayLevel }) {
    const opts = {};
    if (tags) opts.tags = tags;
    if (keys) opts.keys = keys;
    if (delayLevel !== undefined) opts.delayLevel = delayLevel;
    const res = await withTimeout(producer.send(topic, body, opts), 30000, `C++ send to ${topic}`);
    assert.equal(res.status, 0, `C++ send of ${JSON.stringify(String(body).slice(0, 40))}: ${JSON.stringify(res)}`);
    return res;
  }

  async cppConsumer({ group = uniq('GID_cpp'), instanceName = uniq('cppC'), topic, expr = '*', collector, options = {}, onMessage } = {}) {
    const { PushConsumer } = rocketmqNodejs();
    const c = new PushConsumer(group, instanceName, this.cppOptions({ threadCount: 2, ...options }));
    c.subscribe(topic, expr);
    c.on('message', (msg, ack) => {
      const item = { client: 'cpp', topic: msg.topic, body: msg.body, tags: msg.tags, keys: msg.keys, msgId: msg.msgId };
      let ok = true;
      try { if (onMessage) ok = onMessage(item, msg) !== false; } catch { ok = false; }
      if (ok && collector) collector.add(item);
      ack.done(ok);
    });
    c.on('error', e => { fs.appendFileSync(path.join(CPP_LOG_DIR, 'node-side-errors.log'), `${new Date().toISOString()} ${e && e.stack}\n`); });
    await withTimeout(c.start(), 60000, `C++ consumer ${group} start`);
    const entry = { kind: 'cpp-consumer', name: group, closed: false, close: () => withTimeout(c.shutdown(), 30000, `shutdown C++ consumer ${group}`) };
    this.clients.push(entry);
    c.group = group;
    c.closeGracefully = async () => { if (!entry.closed) { entry.closed = true; await entry.close(); } };
    return c;
  }

  /** Close every client still open (consumers first), then ali-ons' default producer. */
  async closeAll() {
    const errors = [];
    const order = [...this.clients].reverse().sort((a, b) => (b.kind.endsWith('consumer') ? 1 : 0) - (a.kind.endsWith('consumer') ? 1 : 0));
    for (const c of order) {
      if (c.closed) continue;
      c.closed = true;
      try { await c.close(); } catch (e) { errors.push(`${c.kind} ${c.name}: ${e.message}`); }
    }
    if (this.aliDefault) {
      const { Producer } = require('ali-ons');
      if (Producer.defaultProducer === this.aliDefault) Producer.defaultProducer = null;
      try { await withTimeout(this.aliDefault.close(), 15000, 'close ali-ons default producer'); } catch (e) { errors.push(e.message); }
      this.aliDefault = null;
    }
    return errors;
  }
}

/**
 * Run fn(session) and always close the clients before the gateway goes away.
 * Use inside withGateway().
 */
async function withClients(gw, name, fn) {
  const session = new ClientSession(gw, name);
  try {
    return await fn(session);
  } finally {
    const errors = await session.closeAll();
    if (errors.length) console.error(`[${name}] client close problems: ${errors.join('; ')}`);
  }
}

/**
 * node --test waits for the test file's process to exit; the native C++ client and
 * ali-ons timers can keep it alive. Call once per test file: after all tests finish,
 * give the process a few seconds to exit on its own, then exit with the test result.
 */
function exitWhenDone(after) {
  after(() => {
    setTimeout(() => process.exit(process.exitCode ?? 0), 3000).unref();
  });
}

module.exports = {
  ALI_ONS_VERSION, ROCKETMQ_NODEJS_VERSION, CPP_LOG_DIR, CPP_LOG_FILE,
  uniq, withTimeout, sleep, httpclientStub, fileLogger, rocketmqNodejs, cppLogTail,
  Collector, assertExactBodies, ClientSession, withClients, exitWhenDone,
};
