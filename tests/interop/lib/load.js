'use strict';
// Steady traffic for the cluster failure tests: producer loops that record which sends were
// acknowledged (SEND_OK) and which failed, and the accounting of what consumer groups got.

const { sleep, withTimeout } = require('./clients');

const SEND_TIMEOUT_MS = 20000; // bound on one send() including the client's own retries
const ALI_REBALANCE_MS = 10000; // ali-ons' default rebalanceInterval

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
      deliveries.get(it.body).push({ ...it, member: c.name });
    }
  }
  const lost = [...acked].filter(b => !deliveries.has(b));
  const unexpected = [...deliveries.keys()].filter(b => !acked.has(b) && !failed.has(b));
  const fromFailed = [...deliveries.keys()].filter(b => failed.has(b));
  const dups = [...deliveries.entries()].filter(([, d]) => d.length > 1);
  const redelivered = dups.filter(([, d]) => new Set(d.map(i => i.msgId)).size < d.length).map(([b, d]) => `${b} x${d.length}`);
  const storedTwice = dups.filter(([, d]) => new Set(d.map(i => i.msgId)).size === d.length).map(([b, d]) => `${b} x${d.length}`);
  const extraDeliveries = dups.reduce((n, [, d]) => n + d.length - 1, 0);
  // Who got each copy and when (for the report): the first few duplicated bodies.
  const dupDetails = dups.slice(0, 5).map(([b, d]) => ({ body: b, copies: d.map(i => ({ member: i.member, at: i.at, msgId: i.msgId, queueId: i.queueId })) }));
  return { acked: acked.size, failed: failed.size, consumed: deliveries.size, lost, unexpected, fromFailed, dups: dups.length, extraDeliveries, redelivered, storedTwice, dupDetails };
}

/** One line for the report; with `t0`, the copies of duplicated bodies are listed with times relative to it. */
function describeAccount(a, t0 = null) {
  return `acked ${a.acked}, failed ${a.failed}, distinct consumed ${a.consumed}, lost ${a.lost.length}, unexpected ${a.unexpected.length}, ` +
    `consumed although the send failed ${a.fromFailed.length}, duplicated bodies ${a.dups} (${a.extraDeliveries} extra deliveries: ` +
    `${a.redelivered.length} redelivered${a.redelivered.length ? ` ${JSON.stringify(a.redelivered.slice(0, 8))}` : ''}, ` +
    `${a.storedTwice.length} stored twice${a.storedTwice.length ? ` ${JSON.stringify(a.storedTwice.slice(0, 8))}` : ''})` +
    (t0 !== null && a.dupDetails.length ? `; copies: ${a.dupDetails.map(d => `${d.body}: ${d.copies.map(c => `${c.member} at ${c.at - t0} ms` +
      `${c.queueId !== undefined ? ` q${c.queueId}` : ''}`).join(', ')}`).join('; ')}` : '');
}

/**
 * The clients of the failover tests (j-cluster-kill, j-cluster-stop), started against
 * `cluster` through session `s`: consumer group GA (ali-ons) with one member whose name
 * servers are [victim, s1] and one on [s2], group GC (C++) likewise, then an ali-ons and a C++
 * producer with every name server, each in a ProducerLoop. Resolves once traffic is steady
 * (both producers acknowledged, every member consuming).
 */
async function startFailoverTraffic(cluster, s, { topic, victim, s1, s2, label }) {
  const { Collector, uniq } = require('./clients');
  const ga = [new Collector(`GA-1 ali-ons [${victim.label}, ${s1.label}]`), new Collector(`GA-2 ali-ons [${s2.label}]`)];
  const gc = [new Collector(`GC-1 C++ ${victim.label};${s1.label}`), new Collector(`GC-2 C++ ${s2.label}`)];
  const groupA = uniq(`GID_${label}_ali`);
  const groupC = uniq(`GID_${label}_cpp`);
  await s.aliConsumer({ group: groupA, topic, collector: ga[0], options: { nameSrv: [victim.nameSrv, s1.nameSrv] } });
  await s.aliConsumer({ group: groupA, topic, collector: ga[1], options: { nameSrv: [s2.nameSrv] } });
  const secondAliMember = Date.now();
  await s.cppConsumer({ group: groupC, topic, collector: gc[0], options: { nameServer: `${victim.nameSrv};${s1.nameSrv}` } });
  await s.cppConsumer({ group: groupC, topic, collector: gc[1], options: { nameServer: s2.nameSrv } });
  for (const g of [groupA, groupC]) {
    await cluster.waitFor(async () => (await cluster.consumerList(g, s1)).ids.length === 2, 20000, `both members of ${g} registered`);
  }
  // ali-ons ignores NOTIFY_CONSUMER_IDS_CHANGED: GA-1, which started alone and took every
  // queue, gives half of them up only at its next periodic rebalance (10 s). Until then both
  // members consume those queues (RocketMQ allows that overlap; it is not what these tests
  // are about), so the traffic starts after it.
  await sleep(Math.max(0, ALI_REBALANCE_MS + 1000 - (Date.now() - secondAliMember)));
  const aliP = await s.aliProducer();
  const cppP = await s.cppProducer();
  const pAli = new ProducerLoop('ali-ons producer', `${label}-ali`, async body => {
    const r = await s.aliSend(aliP, topic, { body, tags: 'TagA' });
    return { brokerName: r.messageQueue.brokerName };
  }).start();
  const pCpp = new ProducerLoop('C++ producer', `${label}-cpp`, body => s.cppSend(cppP, topic, { body, tags: 'TagB' })).start();
  const t = { pAli, pCpp, producers: [pAli, pCpp], groups: [{ name: 'GA (ali-ons)', group: groupA, cols: ga }, { name: 'GC (C++)', group: groupC, cols: gc }] };
  await cluster.waitFor(() => cluster.brokerNames.every(b => pAli.ackedBetween(0, Infinity, b).length >= 10) &&
    pCpp.acked.size >= 20 && [...ga, ...gc].every(c => c.count > 0), 30000,
  () => `steady traffic (ali acked ${pAli.acked.size}, cpp acked ${pCpp.acked.size}, GA ${ga.map(c => c.count)}, GC ${gc.map(c => c.count)})`);
  return t;
}

/**
 * After the cluster dealt with the victim at `tDetect`: wait until sends to `brokerName`
 * succeed again and both groups consume such messages (no client restarted), stop the
 * producers, drain, and assert the exact accounting per group. Returns the measurements.
 */
async function recoverAndAccount(cluster, t, { tEvent, tDetect, brokerName, recoverLimitMs = 60000, drainMs = 60000 }) {
  const assert = require('node:assert/strict');
  const { sleep: pause } = require('./clients');
  const { pAli, pCpp, producers } = t;
  const newA = () => new Set(pAli.ackedBetween(tDetect, Infinity, brokerName));
  await cluster.waitFor(() => newA().size >= 5 && pCpp.ackedBetween(tDetect).length >= 5, recoverLimitMs,
    () => `sends succeed again after the detection (ali-ons to ${brokerName}: ${newA().size}, C++: ${pCpp.ackedBetween(tDetect).length}; ` +
      `errors: ${JSON.stringify([...pAli.firstErrors(), ...pCpp.firstErrors()])})`);
  for (const g of t.groups) {
    await cluster.waitFor(() => g.cols.some(c => c.items.some(it => newA().has(it.body))), recoverLimitMs,
      `${g.name} consumes ${brokerName} messages sent after the detection`);
  }
  const ackedA = pAli.ackedBetween(tEvent, Infinity, brokerName);
  const firstAck = Math.min(...ackedA.map(b => pAli.acked.get(b).at));
  const ackedASet = new Set(ackedA);
  const firstConsumed = g => Math.min(...g.cols.flatMap(c => c.items.filter(it => ackedASet.has(it.body)).map(it => it.at)));
  const consumedMs = t.groups.map(g => `${g.name} ${firstConsumed(g) - tEvent} ms`);
  await pause(3000); // a little more traffic on the new route
  await Promise.all(producers.map(p => p.stop()));

  for (const g of t.groups) {
    await cluster.waitFor(() => account(g.cols, producers).lost.length === 0, drainMs,
      () => `${g.name} consumed every acknowledged body (${describeAccount(account(g.cols, producers))}; ` +
        `lost ${JSON.stringify(account(g.cols, producers).lost.slice(0, 20))})`, 500);
  }
  await pause(3000); // late extra deliveries would show now
  const accounts = t.groups.map(g => ({ g, acc: account(g.cols, producers) }));
  for (const { g, acc } of accounts) {
    assert.deepEqual(acc.lost, [], `${g.name}: acknowledged bodies never consumed`);
    assert.deepEqual(acc.unexpected, [], `${g.name}: consumed bodies nobody sent`);
  }
  const live = cluster.running[0];
  for (const g of t.groups) {
    assert.equal((await cluster.consumerList(g.group, live)).ids.length, 2, `both members of ${g.name} still registered`);
  }
  const outage = p => `${p.name}: ${p.ackedBetween(tEvent, tDetect).length} acked between the event and the detection` +
    `${p === pAli ? ` (${cluster.brokerNames.map(b => `${b} ${p.ackedBetween(tEvent, tDetect, b).length}`).join(', ')})` : ''}, ` +
    `${p.failedBetween(tEvent).length} failed after the event${p.failed.size ? ` (${JSON.stringify(p.firstErrors(2))})` : ''}`;
  return {
    accounts,
    report: `First ali-ons send acknowledged by ${brokerName} after the event: ${firstAck - tEvent} ms after it (${firstAck - tDetect} ms after detection); ` +
      `first such message consumed by ${consumedMs.join(', ')} after the event. ${producers.map(outage).join('; ')}. ` +
      `${accounts.map(({ g, acc }) => `${g.name}: ${describeAccount(acc, tEvent)}`).join('. ')}.`,
  };
}

module.exports = { ProducerLoop, account, describeAccount, startFailoverTraffic, recoverAndAccount, SEND_TIMEOUT_MS };
