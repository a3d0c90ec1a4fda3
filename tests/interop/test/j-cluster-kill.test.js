'use strict';
// (j) Cluster: kill -9 one gateway while producers and two consumer groups run.
//
// Three gateways, two logical brokers (broker-a on ListenPort, broker-b on ListenPort + 1).
// The victim is the gateway the route names brokerId 0 (master) of broker-a, so clients must
// move: its liveness record (120 s TTL, refreshed every 30 s) keeps it in routes until the
// record expires, then the survivors name one of themselves brokerId 0 (rendezvous hash, so
// broker-b's master stays put unless it was the victim too), and clients pick that up at their
// next route refresh (30 s). Nobody restarts a client.
//
// Clients: an ali-ons and a C++ producer with every name server; consumer group GA (ali-ons)
// with one member on [victim, survivor 1] and one on [survivor 2], group GC (C++) likewise.
// Each producer sends numbered bodies one after another; a failed body is not sent again.
//
// What RocketMQ's at-least-once semantics allow, and therefore is counted and reported but
// not failed: a body whose send FAILED may still be consumed (the victim stored it and died
// before answering); a body may be delivered twice, either redelivered (a pull resumed from a
// committed offset behind what was consumed) or stored twice (a client retried a send, on
// another logical broker, whose first attempt the victim stored without answering). Not
// allowed: an acknowledged body never consumed by a group, or a body nobody sent.
const { test, after } = require('node:test');
const assert = require('node:assert/strict');
const { withCluster } = require('../cluster');
const { withClients, uniq, exitWhenDone } = require('../lib/clients');
const { ensureTopic } = require('../lib/admin');
const { startFailoverTraffic, recoverAndAccount } = require('../lib/load');

exitWhenDone(after);

const DETECT_LIMIT_MS = 130000; // record TTL 120 s + slack
const RECOVER_LIMIT_MS = 60000; // after detection: the clients' 30 s route refresh, twice

test('kill -9 of the gateway serving broker-a: no acknowledged message lost, survivors take broker-a, clients recover without a restart', async () => {
  await withCluster('j-kill', cluster => withClients(cluster, 'j-kill', async s => {
    const topic = uniq('T_j_kill');
    await ensureTopic(cluster.gateways[0], topic, { queues: 4 });
    const before = await cluster.brokerTable(topic, cluster.gateways[0]);
    const victim = cluster.byLabel(before['broker-a'][0]);
    const [s1, s2] = cluster.gateways.filter(g => g !== victim);
    const victimAlsoB = before['broker-b'][0] === victim.label;
    const traffic = await startFailoverTraffic(cluster, s, { topic, victim, s1, s2, label: 'k' });

    const record = await cluster.gatewayRecord(victim);
    assert.ok(record, 'the victim has a liveness record in Redis');
    const tKill = Date.now();
    await victim.kill();
    const expiresInMs = Date.parse(record.expiresAt) - tKill;

    // Detection: routes through both survivors stop listing the victim and name a survivor
    // brokerId 0 of every logical broker.
    let lastTables = null;
    const tables = await cluster.waitFor(async () => {
      const ts = await Promise.all([s1, s2].map(g => cluster.brokerTable(topic, g)));
      lastTables = ts;
      const clean = ts.every(t => Object.values(t).every(ids => ids.length === 2 && ids.every(l => l === s1.label || l === s2.label)));
      return clean && JSON.stringify(ts[0]) === JSON.stringify(ts[1]) ? ts[0] : false;
    }, DETECT_LIMIT_MS, () => `routes through ${s1.label} and ${s2.label} without the killed ${victim.label} (last: ${JSON.stringify(lastTables)})`, 500);
    const tDetect = Date.now();
    const detectMs = tDetect - tKill;
    if (!victimAlsoB) {
      assert.equal(tables['broker-b'][0], before['broker-b'][0], `broker-b's master stays ${before['broker-b'][0]} (only the dead gateway's brokers move): ${JSON.stringify(tables)}`);
    }
    const recordAfter = await cluster.gatewayRecord(victim);
    assert.ok(!recordAfter || Date.parse(recordAfter.expiresAt) <= Date.now(), `the victim's record has expired: ${JSON.stringify(recordAfter)}`);

    // Recovery without restarting a client, then every acknowledged body consumed by both groups.
    const { report } = await recoverAndAccount(cluster, traffic, { tEvent: tKill, tDetect, brokerName: 'broker-a', recoverLimitMs: RECOVER_LIMIT_MS });
    console.log(`[j-kill] killed ${victim.label} (master of broker-a${victimAlsoB ? ' and broker-b' : ''}; routes before ${JSON.stringify(before)}), ` +
      `its record due to expire ${expiresInMs} ms after the kill. Routes through ${s1.label}, ${s2.label} dropped it ${detectMs} ms after the kill ` +
      `(${detectMs - expiresInMs} ms after the record's expiry): ${JSON.stringify(tables)}. ${report}`);
  }), { brokerNames: ['broker-a', 'broker-b'] });
});
