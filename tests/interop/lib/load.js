'use strict';
// Steady traffic for the cluster failure tests: producer loops that record which sends were
// acknowledged (SEND_OK) and which failed, and the accounting of what consumer groups got.

const { sleep, withTimeout } = require('./clients');

const SEND_TIMEOUT_MS = 20000; // bound on one send() including the client's own retries

/**
 * Sends `${prefix}-${i}` one after another until stopped. `sendOne(body)` resolves to
 * {brokerName?} on SEND_OK and throws otherwise. A failed body is never sent again (so the
 * sets stay exact): it is recorded in `failed` and may or may not have been stored (a
 * request can be stored and its answer lost when a gateway dies).
 */
class ProducerLoop {
  constructor(name, prefix, sendOne, { everyMs = 100, afterFailureMs = 250 } = {}) {
    this.name = name;
    this.prefix = prefix;
    this.sendOne = sendOne;
    this.everyMs = everyMs;
    this.afterFailureMs = afterFailureMs;
    this.acked = new Map(); // body -> {at, brokerName}
    this.failed = new Map(); // body -> {at, error}
    this.attempts = [];
    this.running = false;
  }

  start() {
    this.running = true;
    this.done = (async () => {
      for (let i = 0; this.running; i++) {
        const body = `${this.prefix}-${i}`;
        this.attempts.push(body);
        try {
          const r = await withTimeout(this.sendOne(body), SEND_TIMEOUT_MS, `${this.name} send ${body}`);
          this.acked.set(body, { at: Date.now(), brokerName: r && r.brokerName });
          await sleep(this.everyMs);
        } catch (e) {
          this.failed.set(body, { at: Date.now(), error: String(e && e.message || e).slice(0, 300) });
          await sleep(this.afterFailureMs);
        }
      }
    })();
    return this;
  }

  async stop() {
    this.running = false;
    await this.done;
  }

  ackedBetween(from, to = Infinity, brokerName = null) {
    return [...this.acked.entries()].filter(([, a]) => a.at >= from && a.at < to && (!brokerName || a.brokerName === brokerName)).map(([b]) => b);
  }

  failedBetween(from, to = Infinity) {
    return [...this.failed.entries()].filter(([, f]) => f.at >= from && f.at < to).map(([b]) => b);
  }

  /** First failure's error text, for the report. */
  firstErrors(n = 3) { return [...new Set([...this.failed.values()].map(f => f.error))].slice(0, n); }
}

/**
 * What a consumer group (its members' collectors together) got against what the producers
 * sent: lost = acknowledged but never consumed; unexpected = consumed but never attempted;
 * fromFailed = consumed although the send failed (stored, answer lost); duplicates = bodies
 * delivered more than once, split by whether the copies had the same msgId (a redelivery of
 * one stored message) or different ones (stored twice: a client retried a send whose answer
 * it never got; only visible with ali-ons, whose msgId is the offsetMsgId).
 */
function account(collectors, producers) {
  const acked = new Set(producers.flatMap(p => [...p.acked.keys()]));
  const failed = new Set(producers.flatMap(p => [...p.failed.keys()]));
  const deliveries = new Map();
  for (const c of collectors) {
    for (const it of c.items) {
      if (!deliveries.has(it.body)) deliveries.set(it.body, []);
      deliveries.get(it.body).push(it);
    }
  }
  const lost = [...acked].filter(b => !deliveries.has(b));
  const unexpected = [...deliveries.keys()].filter(b => !acked.has(b) && !failed.has(b));
  const fromFailed = [...deliveries.keys()].filter(b => failed.has(b));
  const dups = [...deliveries.entries()].filter(([, d]) => d.length > 1);
  const redelivered = dups.filter(([, d]) => new Set(d.map(i => i.msgId)).size < d.length).map(([b, d]) => `${b} x${d.length}`);
  const storedTwice = dups.filter(([, d]) => new Set(d.map(i => i.msgId)).size === d.length).map(([b, d]) => `${b} x${d.length}`);
  const extraDeliveries = dups.reduce((n, [, d]) => n + d.length - 1, 0);
  return { acked: acked.size, failed: failed.size, consumed: deliveries.size, lost, unexpected, fromFailed, dups: dups.length, extraDeliveries, redelivered, storedTwice };
}

function describeAccount(a) {
  return `acked ${a.acked}, failed ${a.failed}, distinct consumed ${a.consumed}, lost ${a.lost.length}, unexpected ${a.unexpected.length}, ` +
    `consumed although the send failed ${a.fromFailed.length}, duplicated bodies ${a.dups} (${a.extraDeliveries} extra deliveries: ` +
    `${a.redelivered.length} redelivered${a.redelivered.length ? ` ${JSON.stringify(a.redelivered.slice(0, 8))}` : ''}, ` +
    `${a.storedTwice.length} stored twice${a.storedTwice.length ? ` ${JSON.stringify(a.storedTwice.slice(0, 8))}` : ''})`;
}

module.exports = { ProducerLoop, account, describeAccount, SEND_TIMEOUT_MS };
