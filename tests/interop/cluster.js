'use strict';
// Cluster harness: one real redis-server and N gateway processes on loopback that share it
// (--Broker:Redis) and one SQLite file in shared multi-process mode. See README.md
// ("The cluster suite").
//
//   await withCluster('name', async cluster => {
//     const [a, b, c] = cluster.gateways;          // Gateway objects (gateway.js), labels A, B, C
//     cluster.nameSrvList                         // every gateway's name server
//     await cluster.route(topic, b)               // GET_ROUTEINFO_BY_TOPIC through B, parsed
//     await cluster.masterOf('broker-a', topic)   // the gateway a route names brokerId 0
//     await cluster.gatewayRecord(a)              // A's liveness record in Redis (null once gone)
//   }, { size: 3, brokerNames: ['broker-a', 'broker-b'] });
//
// withClients(cluster, …) from lib/clients.js works with a cluster: clients get every name
// server unless a client's options say otherwise (ali-ons `nameSrv: [...]`, C++ `nameServer`).

const fs = require('node:fs');
const os = require('node:os');
const net = require('node:net');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { Gateway, sleep, tailFile } = require('./gateway');
const { RawClient, RequestCode } = require('./lib/remoting');

const GET_CONSUMER_LIST_BY_GROUP = 38;
const CLUSTER_NAME = 'DefaultCluster';
const KEY_PREFIX = `eventbroker:{${CLUSTER_NAME}}:`; // docs/redis.md "Keys"

const liveRedis = new Set();
process.on('exit', () => {
  for (const r of liveRedis) {
    try { process.kill(r.proc.pid, 'SIGKILL'); } catch { /* already gone */ }
  }
});

// ---------------------------------------------------------------- ports

function listenOn(port) {
  return new Promise(resolve => {
    const srv = net.createServer();
    srv.once('error', () => resolve(null));
    srv.listen({ port, host: '0.0.0.0', exclusive: true }, () => resolve(srv));
  });
}

/**
 * Ports for `count` gateways: name server, HTTP and `brokers` consecutive broker ports each
 * (logical broker k listens on ListenPort + k). All are held open together, so no two
 * collide, then released.
 */
async function reservePorts(count, brokers) {
  const held = [];
  try {
    const out = [];
    for (let g = 0; g < count; g++) {
      const one = async () => { const s = await listenOn(0); held.push(s); return s.address().port; };
      const nameSrv = await one();
      const http = await one();
      let broker = null;
      for (let attempt = 0; attempt < 50 && broker === null; attempt++) {
        const first = await listenOn(0);
        const base = first.address().port;
        const range = [first];
        for (let k = 1; k < brokers; k++) {
          const s = base + k <= 65535 ? await listenOn(base + k) : null;
          if (!s) break;
          range.push(s);
        }
        if (range.length === brokers) { held.push(...range); broker = base; } else {
          await Promise.all(range.map(s => new Promise(r => s.close(() => r()))));
        }
      }
      if (broker === null) throw new Error(`no ${brokers} consecutive free ports found`);
      out.push({ nameSrv, broker, http });
    }
    return out;
  } finally {
    await Promise.all(held.map(s => new Promise(r => s.close(() => r()))));
  }
}

// ---------------------------------------------------------------- Redis

/** A minimal RESP2 client: one command at a time on one connection (enough for inspection). */
class RespClient {
  constructor(socket) {
    this.socket = socket;
    this.buf = Buffer.alloc(0);
    this.waiting = [];
    socket.on('data', chunk => {
      this.buf = Buffer.concat([this.buf, chunk]);
      for (;;) {
        const r = parseResp(this.buf, 0);
        if (!r) break;
        this.buf = this.buf.subarray(r.end);
        const w = this.waiting.shift();
        if (w) w(r.value);
      }
    });
    const fail = () => { for (const w of this.waiting.splice(0)) w(new Error('redis connection closed')); };
    socket.on('error', fail);
    socket.on('close', fail);
  }

  static connect(port, timeoutMs = 3000) {
    return new Promise((resolve, reject) => {
      const s = net.connect({ host: '127.0.0.1', port });
      const t = setTimeout(() => { s.destroy(); reject(new Error(`connect redis :${port} timed out`)); }, timeoutMs);
      s.once('connect', () => { clearTimeout(t); resolve(new RespClient(s)); });
      s.once('error', e => { clearTimeout(t); reject(e); });
    });
  }

  command(...args) {
    const parts = [`*${args.length}\r\n`];
    for (const a of args) { const b = Buffer.from(String(a)); parts.push(`$${b.length}\r\n`, b, '\r\n'); }
    return new Promise((resolve, reject) => {
      this.waiting.push(v => (v instanceof Error ? reject(v) : resolve(v)));
      this.socket.write(Buffer.concat(parts.map(p => (Buffer.isBuffer(p) ? p : Buffer.from(p)))));
    });
  }

  close() { this.socket.destroy(); }
}

function parseResp(buf, pos) {
  const eol = buf.indexOf('\r\n', pos);
  if (eol < 0) return null;
  const type = String.fromCharCode(buf[pos]);
  const line = buf.toString('utf8', pos + 1, eol);
  const next = eol + 2;
  switch (type) {
    case '+': return { value: line, end: next };
    case '-': return { value: new Error(`redis: ${line}`), end: next };
    case ':': return { value: Number(line), end: next };
    case '$': {
      const n = Number(line);
      if (n < 0) return { value: null, end: next };
      if (buf.length < next + n + 2) return null;
      return { value: buf.toString('utf8', next, next + n), end: next + n + 2 };
    }
    case '*': {
      const n = Number(line);
      if (n < 0) return { value: null, end: next };
      const items = [];
      let p = next;
      for (let i = 0; i < n; i++) {
        const r = parseResp(buf, p);
        if (!r) return null;
        items.push(r.value);
        p = r.end;
      }
      return { value: items, end: p };
    }
    default: throw new Error(`unexpected RESP type ${JSON.stringify(type)}`);
  }
}

function redisExecutable() {
  for (const p of ['/usr/bin/redis-server', '/usr/local/bin/redis-server']) if (fs.existsSync(p)) return p;
  throw new Error('redis-server is not installed: run ./test.sh from the repository root (it installs it from apt) ' +
    'or `apt-get install redis-server`');
}

/** A real redis-server on a free loopback port, without persistence, in `dir`. */
class RedisServer {
  constructor(dir) {
    this.dir = dir;
    this.logFile = path.join(dir, 'redis.log');
  }

  static async start(dir) {
    const r = new RedisServer(dir);
    const [{ nameSrv: port }] = await reservePorts(1, 1);
    r.port = port;
    fs.mkdirSync(dir, { recursive: true });
    const fd = fs.openSync(r.logFile, 'a');
    r.proc = spawn(redisExecutable(), ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
      { cwd: dir, stdio: ['ignore', fd, fd] });
    fs.closeSync(fd);
    liveRedis.add(r);
    r.exited = new Promise(resolve => r.proc.once('exit', (code, signal) => { liveRedis.delete(r); resolve({ code, signal }); }));
    const deadline = Date.now() + 15000;
    for (;;) {
      if (r.proc.exitCode !== null || r.proc.signalCode !== null) {
        throw new Error(`redis-server exited during startup:\n${tailFile(r.logFile, 30)}`);
      }
      try {
        r.client = await RespClient.connect(port, 1000);
        if (await r.client.command('PING') === 'PONG') return r;
      } catch { /* not up yet */ }
      if (Date.now() > deadline) throw new Error(`redis-server on :${port} not answering PING within 15 s:\n${tailFile(r.logFile, 30)}`);
      await sleep(100);
    }
  }

  get address() { return `127.0.0.1:${this.port}`; }

  command(...args) { return this.client.command(...args); }

  async stop() {
    if (this.client) this.client.close();
    if (this.proc && this.proc.exitCode === null && this.proc.signalCode === null) {
      this.proc.kill('SIGKILL');
      await this.exited;
    }
  }
}

// ---------------------------------------------------------------- routes

/**
 * Route bodies are RocketMQ's fastjson output, which writes integer map keys unquoted
 * (`"brokerAddrs":{0:"…"}`); ali-ons parses them with the lenient JSON2. Quote such keys.
 */
function parseRemotingJson(text) {
  try { return JSON.parse(text); } catch { /* fastjson dialect */ }
  return JSON.parse(text.replace(/([{,]\s*)(-?\d+)(\s*:)/g, '$1"$2"$3'));
}

// ---------------------------------------------------------------- Cluster

const LABELS = 'ABCDEFGH';

class Cluster {
  constructor({ name, size, brokerNames, extraArgs }) {
    this.name = name;
    this.size = size;
    this.brokerNames = brokerNames;
    this.extraArgs = extraArgs;
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), `eventbroker-interop-cluster-${name.replace(/[^A-Za-z0-9_-]/g, '_')}-`));
    this.sharedDir = path.join(this.dir, 'shared');
    fs.mkdirSync(this.sharedDir);
    this.store = `sqlite:${path.join(this.sharedDir, 'eventbroker.db')}?mode=shared`;
    this.gateways = [];
    this.failureHooks = [];
    this.redis = null;
  }

  static async start({ name, size = 3, brokerNames = ['broker-a'], extraArgs = [] }) {
    const c = new Cluster({ name, size, brokerNames, extraArgs });
    try {
      c.redis = await RedisServer.start(path.join(c.dir, 'redis'));
      const ports = await reservePorts(size, brokerNames.length);
      for (let i = 0; i < size; i++) {
        const gw = new Gateway({
          name: `${name}-${LABELS[i]}`,
          store: c.store,
          ports: ports[i],
          extraArgs: [`--Broker:Redis=${c.redis.address}`, `--Broker:BrokerNames=${brokerNames.join(',')}`, ...extraArgs],
        });
        gw.label = LABELS[i];
        c.gateways.push(gw);
      }
      // One after another: several first starts racing on an empty shared file and an empty Redis
      // is not what this suite is about, and the machine is small.
      for (const gw of c.gateways) await gw.start();
    } catch (e) {
      console.error(`\n##### cluster ${name} failed to start: ${e && e.stack || e}\n${c.describe(60)}\n(dir kept: ${c.dir})\n`);
      await c.cleanup({ keepDir: true });
      throw e;
    }
    return c;
  }

  // ClientSession compatibility (lib/clients.js): every name server, first one as `nameSrv`.
  get nameSrvList() { return this.gateways.map(g => g.nameSrv); }
  get nameSrv() { return this.gateways[0].nameSrv; }
  onFailure(hook) { this.failureHooks.push(hook); }

  get running() { return this.gateways.filter(g => g.running); }

  /** The gateway (and logical broker index) behind a broker address from a route. */
  gatewayOf(addr) {
    const port = Number(addr.slice(addr.lastIndexOf(':') + 1));
    for (const gw of this.gateways) {
      const k = port - gw.brokerPort;
      if (k >= 0 && k < this.brokerNames.length) return { gw, k };
    }
    return null;
  }

  brokerAddrOf(gw, brokerName) {
    return `127.0.0.1:${gw.brokerPort + this.brokerNames.indexOf(brokerName)}`;
  }

  gatewayId(gw) { return `127.0.0.1:${gw.brokerPort}`; } // BrokerTopology.GatewayId = BrokerIP1:ListenPort

  /** GET_ROUTEINFO_BY_TOPIC through `via`'s name server: {code, remark, route}. */
  async route(topic, via) {
    const ns = await RawClient.connect(via.nameSrv);
    try {
      const r = await ns.request({ code: RequestCode.GET_ROUTEINFO_BY_TOPIC, extFields: { topic } }, 5000);
      const route = r.header.code === 0 ? parseRemotingJson(r.body.toString('utf8')) : null;
      return { code: r.header.code, remark: r.header.remark, route };
    } finally {
      await ns.close();
    }
  }

  /**
   * The route through `via` as {brokerName: [label of brokerId 0, label of 1, …]}; a label is
   * `?<addr>` for an address no gateway of this cluster has, and every address is checked to
   * be the gateway's port for that logical broker.
   */
  async brokerTable(topic, via) {
    const r = await this.route(topic, via);
    if (r.code !== 0) throw new Error(`route of ${topic} through ${via.label}: code ${r.code} ${r.remark}`);
    const out = {};
    for (const bd of r.route.brokerDatas) {
      const ids = Object.keys(bd.brokerAddrs).map(Number).sort((x, y) => x - y);
      out[bd.brokerName] = ids.map((id, i) => {
        if (id !== i) throw new Error(`${bd.brokerName}: brokerIds ${JSON.stringify(ids)} are not 0..n`);
        const addr = bd.brokerAddrs[id];
        const found = this.gatewayOf(addr);
        if (!found) return `?${addr}`;
        if (this.brokerNames[found.k] !== bd.brokerName) throw new Error(`${bd.brokerName} id ${id} is ${addr}, the port of ${this.brokerNames[found.k]}`);
        return found.gw.label;
      });
    }
    return out;
  }

  byLabel(label) { return this.gateways.find(g => g.label === label); }

  /** The gateway a route through `via` names as brokerId 0 of `brokerName`. */
  async masterOf(brokerName, topic, via = this.running[0]) {
    const table = await this.brokerTable(topic, via);
    return this.byLabel(table[brokerName][0]);
  }

  /** `gw`'s liveness record in Redis ({record, expiresAt} as JSON), or null when there is none. */
  async gatewayRecord(gw) {
    const v = await this.redis.command('GET', `${KEY_PREFIX}gateway:${this.gatewayId(gw)}`);
    return v === null ? null : JSON.parse(v);
  }

  /** GET_CONSUMER_LIST_BY_GROUP through `via`'s broker port (logical broker `brokerName`): sorted client ids. */
  async consumerList(group, via, brokerName = this.brokerNames[0]) {
    const c = await RawClient.connect(this.brokerAddrOf(via, brokerName));
    try {
      const r = await c.request({ code: GET_CONSUMER_LIST_BY_GROUP, extFields: { consumerGroup: group } }, 5000);
      if (r.header.code !== 0) return { code: r.header.code, remark: r.header.remark, ids: [] };
      return { code: 0, ids: [...parseRemotingJson(r.body.toString('utf8')).consumerIdList].sort() };
    } finally {
      await c.close();
    }
  }

  /** Poll `probe()` every `everyMs` until it returns a truthy value; fail after timeoutMs with the last value. */
  async waitFor(probe, timeoutMs, what, everyMs = 250) {
    const deadline = Date.now() + timeoutMs;
    let last;
    for (;;) {
      try {
        last = await probe();
        if (last) return last;
      } catch (e) {
        last = e;
      }
      if (Date.now() > deadline) {
        const desc = typeof what === 'function' ? what() : what;
        throw new Error(`${desc}: not within ${timeoutMs} ms (last: ${last instanceof Error ? last.message : JSON.stringify(last)})`);
      }
      await sleep(everyMs);
    }
  }

  describe(lines = 80) {
    const parts = this.gateways.map(g => (g.ports ? g.describe(lines) : `--- gateway ${g.name}: not started ---`));
    if (this.redis) parts.push(`--- redis-server :${this.redis.port} log (${this.redis.logFile}) ---\n${tailFile(this.redis.logFile, 20)}`);
    return parts.join('\n');
  }

  async cleanup({ keepDir = false } = {}) {
    await Promise.all(this.gateways.map(g => g.cleanup({ keepDir: true }).catch(() => {})));
    if (this.redis) await this.redis.stop();
    if (!keepDir && !process.env.EVENTBROKER_KEEP_DIRS) {
      for (const g of this.gateways) fs.rmSync(g.dir, { recursive: true, force: true });
      fs.rmSync(this.dir, { recursive: true, force: true });
    }
  }
}

/**
 * Run fn(cluster) with a fresh cluster. On failure prints every gateway's log tail, the
 * Redis log and whatever onFailure hooks return (client logs), and keeps the dirs; always
 * kills every process.
 */
async function withCluster(name, fn, opts = {}) {
  const cluster = await Cluster.start({ name, ...opts });
  let failed = false;
  try {
    return await fn(cluster);
  } catch (e) {
    failed = true;
    const parts = [cluster.describe(120)];
    for (const hook of cluster.failureHooks) {
      try { parts.push(await hook()); } catch (he) { parts.push(`<failure hook threw: ${he.message}>`); }
    }
    console.error(`\n##### interop cluster test "${name}" failed: ${e && e.stack || e}\n${parts.join('\n')}\n` +
      `(dirs kept: ${cluster.dir} and ${cluster.gateways.map(g => g.dir).join(' ')})\n`);
    throw e;
  } finally {
    await cluster.cleanup({ keepDir: failed });
  }
}

module.exports = { Cluster, withCluster, RedisServer, RespClient, reservePorts, parseRemotingJson, KEY_PREFIX, GET_CONSUMER_LIST_BY_GROUP };
