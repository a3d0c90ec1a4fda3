'use strict';
// (j) Cluster: graceful stop (SIGTERM) of one gateway while producers and two consumer groups run.
//
// Three gateways, one logical broker (the default, broker-a). The victim is broker-a's
// master (brokerId 0), so clients must move. On SIGTERM it deletes its liveness record, so the
// survivors stop listing it at once (their route cache holds 1 s) instead of after the 120 s
// TTL; clients move at their next route refresh (30 s) without a restart. Clients as in
// j-cluster-kill (lib/load.js startFailoverTraffic).
//
// RocketMQ's at-least-once semantics, as there: a failed send may still have been stored, and
// a body may be delivered twice; both are counted and reported. A graceful stop gives neither
// a reason, so the report should show none. An acknowledged body never consumed, or a body
// nobody sent, fails the test.
const { test, after } = require('node:test');
const assert = require('node:assert/strict');
const { withCluster } = require('../cluster');
const { withClients, uniq, exitWhenDone } = require('../lib/clients');
const { ensureTopic } = require('../lib/admin');
const { startFailoverTraffic, recoverAndAccount } = require('../lib/load');

exitWhenDone(after);

const RECORD_GONE_MS = 1000; // after the process exited
const ROUTES_MS = 5000; // after the process exited: "a few seconds" (route cache 1 s)
const RECOVER_LIMIT_MS = 60000; // the clients' 30 s route refresh, twice

test('SIGTERM of broker-a\'s master: its record goes at once, routes through survivors drop it within seconds, clients carry on', async () => {
  await withCluster('j-stop', cluster => withClients(cluster, 'j-stop', async s => {
    const topic = uniq('T_j_stop');
    await ensureTopic(cluster.gateways[0], topic, { queues: 4 });
    const before = await cluster.brokerTable(topic, cluster.gateways[0]);
    const victim = cluster.byLabel(before['broker-a'][0]);
    const [s1, s2] = cluster.gateways.filter(g => g !== victim);
    const traffic = await startFailoverTraffic(cluster, s, { topic, victim, s1, s2, label: 'st' });
    assert.ok(await cluster.gatewayRecord(victim), 'the victim has a liveness record in Redis');

    const tTerm = Date.now();
    const stopped = await victim.stop();
    const tExit = Date.now();
    assert.ok(stopped.graceful, `the victim exits on SIGTERM within the stop timeout: ${JSON.stringify(stopped)}`);

    const gone = await cluster.waitFor(async () => (await cluster.gatewayRecord(victim)) === null && Date.now(), RECORD_GONE_MS,
      `${victim.label}'s liveness record deleted by the time it exited`, 50);
    let lastTables = null;
    const tables = await cluster.waitFor(async () => {
      const ts = await Promise.all([s1, s2].map(g => cluster.brokerTable(topic, g)));
      lastTables = ts;
      const clean = ts.every(t => t['broker-a'].length === 2 && t['broker-a'].every(l => l === s1.label || l === s2.label));
      return clean && JSON.stringify(ts[0]) === JSON.stringify(ts[1]) ? ts[0] : false;
    }, ROUTES_MS, () => `routes through ${s1.label} and ${s2.label} without the stopped ${victim.label} (last: ${JSON.stringify(lastTables)})`, 100);
    const tDetect = Date.now();

    const { report } = await recoverAndAccount(cluster, traffic, { tEvent: tTerm, tDetect, brokerName: 'broker-a', recoverLimitMs: RECOVER_LIMIT_MS });
    console.log(`[j-stop] SIGTERM to ${victim.label} (master of broker-a; routes before ${JSON.stringify(before)}): exited after ${tExit - tTerm} ms; ` +
      `its record was gone ${gone - tExit} ms after the exit (checked from then); routes through ${s1.label}, ${s2.label} dropped it ` +
      `${tDetect - tExit} ms after the exit: ${JSON.stringify(tables)}. ${report}`);
  }));
});
