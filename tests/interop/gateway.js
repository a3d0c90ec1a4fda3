'use strict';
// Test harness: runs one EventBroker gateway process on free ports with its own
// temp data dir. See README.md ("How the harness works").
//
//   const gw = await Gateway.start({ name: 'tags' });
//   gw.nameSrv      -> '127.0.0.1:<name server port>'
//   gw.brokerAddr   -> '127.0.0.1:<broker port>'
//   await gw.restart();   // SIGTERM, wait, start again: same ports, same data dir
//   await gw.kill();      // SIGKILL (crash)
//   await gw.cleanup();   // always call (withGateway() does it for you)

const fs = require('node:fs');
const os = require('node:os');
const net = require('node:net');
const path = require('node:path');
const http = require('node:http');
const { spawn } = require('node:child_process');

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const DEFAULT_DLL = path.join(REPO_ROOT, 'src', 'Gateway', 'bin', 'Release', 'net10.0', 'EventBroker.Gateway.dll');

const START_TIMEOUT_MS = Number(process.env.EVENTBROKER_START_TIMEOUT_MS || 60000);
const STOP_TIMEOUT_MS = Number(process.env.EVENTBROKER_STOP_TIMEOUT_MS || 20000);

// Every live gateway of this process, so that an unexpected exit still kills them.
const live = new Set();
process.on('exit', () => {
  for (const gw of live) {
    try { process.kill(gw.proc.pid, 'SIGKILL'); } catch { /* already gone */ }
  }
});
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.once(sig, () => { process.exit(130); });
}

function gatewayDll() {
  return process.env.EVENTBROKER_GATEWAY_DLL || DEFAULT_DLL;
}

// For developing the harness itself: EVENTBROKER_GATEWAY_CMD='["node","/path/stub.js"]'
// runs that command (plus the --Broker:* arguments) instead of `dotnet <dll>`.
function gatewayCommand() {
  if (process.env.EVENTBROKER_GATEWAY_CMD) {
    const cmd = JSON.parse(process.env.EVENTBROKER_GATEWAY_CMD);
    return { file: cmd[0], prefix: cmd.slice(1) };
  }
  return { file: 'dotnet', prefix: [gatewayDll()] };
}

/** Ask the OS for `n` distinct free TCP ports (all held open at once, then released). */
async function freePorts(n) {
  const servers = [];
  try {
    for (let i = 0; i < n; i++) {
      const srv = net.createServer();
      await new Promise((resolve, reject) => {
        srv.once('error', reject);
        // Wildcard address: the gateway may listen on all addresses.
        srv.listen({ port: 0, host: '0.0.0.0', exclusive: true }, resolve);
      });
      servers.push(srv);
    }
    return servers.map(s => s.address().port);
  } finally {
    await Promise.all(servers.map(s => new Promise(r => s.close(() => r()))));
  }
}

function sleep(ms) { return new Promise(r => setTimeout(r, ms)); }

function httpGet(url, timeoutMs = 2000) {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { timeout: timeoutMs }, res => {
      const chunks = [];
      res.on('data', c => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString() }));
    });
    req.on('timeout', () => req.destroy(new Error(`timeout after ${timeoutMs}ms`)));
    req.on('error', reject);
  });
}

function tailFile(file, lines = 80) {
  try {
    const text = fs.readFileSync(file, 'utf8');
    const all = text.split('\n');
    return all.slice(Math.max(0, all.length - lines - 1)).join('\n');
  } catch (e) {
    return `<could not read ${file}: ${e.message}>`;
  }
}

class Gateway {
  // store: the --Broker:Store value (default: sqlite:<own dir>/eventbroker.db); ports: preset
  // {nameSrv, broker, http} (the cluster harness picks ports with room for ListenPort + k).
  constructor({ name = 'gw', extraArgs = [], env = {}, store = null, ports = null } = {}) {
    this.name = name;
    this.extraArgs = extraArgs;
    this.env = env;
    this.store = store;
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), `eventbroker-interop-${name.replace(/[^A-Za-z0-9_-]/g, '_')}-`));
    this.logFile = path.join(this.dir, 'gateway.log');
    this.dbFile = path.join(this.dir, 'eventbroker.db');
    this.proc = null;
    this.ports = ports;
    this.starts = 0;
    this.exits = []; // {code, signal, at}
  }

  static async start(opts) {
    const gw = new Gateway(opts);
    try {
      await gw.start();
    } catch (e) {
      await gw.cleanup({ keepDir: true });
      throw e;
    }
    return gw;
  }

  get nameSrvPort() { return this.ports.nameSrv; }
  get brokerPort() { return this.ports.broker; }
  get httpPort() { return this.ports.http; }
  get nameSrv() { return `127.0.0.1:${this.ports.nameSrv}`; }
  get brokerAddr() { return `127.0.0.1:${this.ports.broker}`; }
  get healthUrl() { return `http://127.0.0.1:${this.ports.http}/health`; }
  get running() { return !!this.proc && this.proc.exitCode === null && this.proc.signalCode === null; }

  args() {
    return [
      ...gatewayCommand().prefix,
      `--Broker:NameServerPort=${this.ports.nameSrv}`,
      `--Broker:ListenPort=${this.ports.broker}`,
      `--Broker:HttpPort=${this.ports.http}`,
      `--Broker:Store=${this.store || `sqlite:${this.dbFile}`}`,
      ...this.extraArgs,
    ];
  }

  log(line) {
    fs.appendFileSync(this.logFile, `\n===== [harness ${new Date().toISOString()}] ${line} =====\n`);
  }

  /** Start (or start again after stop/kill) on the same ports and data dir; resolves once /health is 200. */
  async start() {
    if (this.running) throw new Error('gateway already running');
    const dll = gatewayDll();
    if (!process.env.EVENTBROKER_GATEWAY_CMD && !fs.existsSync(dll)) {
      throw new Error(`gateway dll not found: ${dll}\nbuild it first: (cd ${REPO_ROOT} && dotnet build -c Release EventBroker.sln)` +
        ' or set EVENTBROKER_GATEWAY_DLL');
    }
    if (!this.ports) {
      const [nameSrv, broker, httpPort] = await freePorts(3);
      this.ports = { nameSrv, broker, http: httpPort };
    }
    this.starts++;
    const cmd = gatewayCommand().file;
    this.log(`start #${this.starts}: ${cmd} ${this.args().join(' ')} (cwd ${this.dir})`);
    const fd = fs.openSync(this.logFile, 'a');
    const proc = spawn(cmd, this.args(), {
      cwd: this.dir,
      stdio: ['ignore', fd, fd],
      env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1', DOTNET_NOLOGO: '1', ...this.env },
    });
    fs.closeSync(fd);
    this.proc = proc;
    live.add(this);
    proc.exited = new Promise(resolve => {
      proc.once('exit', (code, signal) => {
        live.delete(this);
        this.exits.push({ code, signal, at: Date.now() });
        try { this.log(`process ${proc.pid} exited code=${code} signal=${signal}`); } catch { /* dir removed */ }
        resolve({ code, signal });
      });
    });
    proc.once('error', e => { try { this.log(`spawn error: ${e.message}`); } catch { /* ignore */ } });

    const deadline = Date.now() + START_TIMEOUT_MS;
    let lastErr = 'no attempt';
    while (Date.now() < deadline) {
      if (proc.exitCode !== null || proc.signalCode !== null) {
        throw new Error(`gateway exited during startup (code=${proc.exitCode} signal=${proc.signalCode})\n${this.describe()}`);
      }
      try {
        const res = await httpGet(this.healthUrl, 1000);
        if (res.status === 200) {
          this.log(`ready (health 200) after start #${this.starts}`);
          return this;
        }
        lastErr = `HTTP ${res.status} ${res.body.slice(0, 200)}`;
      } catch (e) {
        lastErr = e.message;
      }
      await sleep(200);
    }
    throw new Error(`gateway not healthy within ${START_TIMEOUT_MS}ms (last: ${lastErr})\n${this.describe()}`);
  }

  async health() {
    return httpGet(this.healthUrl, 2000);
  }

  /** Graceful stop: SIGTERM, wait (SIGKILL after STOP_TIMEOUT_MS). Returns {code, signal, graceful}. */
  async stop() {
    if (!this.running) return { code: null, signal: null, graceful: true };
    const proc = this.proc;
    this.log(`SIGTERM ${proc.pid}`);
    proc.kill('SIGTERM');
    const res = await Promise.race([proc.exited, sleep(STOP_TIMEOUT_MS).then(() => null)]);
    if (res) return { ...res, graceful: true };
    this.log(`did not exit within ${STOP_TIMEOUT_MS}ms after SIGTERM; connections still open to its ports:\n${this.openConnections()}\nSIGKILL`);
    proc.kill('SIGKILL');
    return { ...(await proc.exited), graceful: false };
  }

  /** Crash: SIGKILL and wait for the exit. */
  async kill() {
    if (!this.running) return;
    const proc = this.proc;
    this.log(`SIGKILL ${proc.pid}`);
    proc.kill('SIGKILL');
    await proc.exited;
  }

  /** SIGTERM (or SIGKILL with {crash:true}) then start again on the same ports and data dir. */
  async restart({ crash = false } = {}) {
    let stopped = null;
    if (crash) await this.kill(); else stopped = await this.stop();
    await this.start();
    return stopped;
  }

  /** Established TCP connections to the gateway's ports (diagnostics; needs `ss`). */
  openConnections() {
    if (!this.ports) return '';
    try {
      const { execFileSync } = require('node:child_process');
      const filter = `( sport = :${this.ports.nameSrv} or sport = :${this.ports.broker} or sport = :${this.ports.http} )`;
      return execFileSync('ss', ['-tn', 'state', 'established', filter], { encoding: 'utf8', timeout: 5000 }).trim();
    } catch (e) {
      return `<ss failed: ${e.message}>`;
    }
  }

  tail(lines = 80) { return tailFile(this.logFile, lines); }

  /**
   * The log tail once it matches `pattern`, waiting up to `timeoutMs`: the gateway's console logger writes from a
   * background queue, so a line about a request can land in the file a moment after the client saw the answer.
   * Returns the last tail read either way, so `assert.match` on it shows what the log held.
   */
  async waitForLog(pattern, timeoutMs = 10000, lines = 2000) {
    const deadline = Date.now() + timeoutMs;
    let text = this.tail(lines);
    while (!pattern.test(text) && Date.now() < deadline) {
      await sleep(200);
      text = this.tail(lines);
    }
    return text;
  }

  describe(lines = 80) {
    return `--- gateway ${this.name} (dir ${this.dir}, ports ${JSON.stringify(this.ports)}) log tail (${this.logFile}) ---\n` +
      `${this.tail(lines)}\n--- end of gateway log ---`;
  }

  /** Kill if running; remove the data dir unless keepDir (kept on failure for diagnosis). */
  async cleanup({ keepDir = false } = {}) {
    if (this.running) {
      // Be quick on cleanup: a short grace period, then SIGKILL.
      const proc = this.proc;
      proc.kill('SIGTERM');
      const res = await Promise.race([proc.exited, sleep(5000).then(() => null)]);
      if (!res) { proc.kill('SIGKILL'); await proc.exited; }
    }
    if (!keepDir && !process.env.EVENTBROKER_KEEP_DIRS) {
      fs.rmSync(this.dir, { recursive: true, force: true });
    }
  }
}

/**
 * Run `fn(gw)` with a fresh gateway. On failure, prints the gateway log tail (and
 * whatever `diagnostics()` callbacks registered via gw.onFailure return) and keeps the
 * data dir; always kills the gateway.
 */
async function withGateway(name, fn, opts = {}) {
  const gw = await Gateway.start({ name, ...opts });
  gw.failureHooks = [];
  gw.onFailure = hook => gw.failureHooks.push(hook);
  let failed = false;
  try {
    return await fn(gw);
  } catch (e) {
    failed = true;
    const parts = [gw.describe(120)];
    for (const hook of gw.failureHooks) {
      try { parts.push(await hook()); } catch (he) { parts.push(`<failure hook threw: ${he.message}>`); }
    }
    console.error(`\n##### interop test "${name}" failed: ${e && e.stack || e}\n${parts.join('\n')}\n` +
      `(data dir kept: ${gw.dir})\n`);
    throw e;
  } finally {
    await gw.cleanup({ keepDir: failed });
  }
}

module.exports = { Gateway, withGateway, freePorts, httpGet, tailFile, sleep, gatewayDll, REPO_ROOT };
