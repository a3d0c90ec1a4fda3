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
const { withClients, Collector, uniq, sleep, exitWhenDone } = require('../lib/clients');
const { ensureTopic } = require('../lib/admin');
const { ProducerLoop, account, describeAccount } = require('../lib/load');

exitWhenDone(after);

const DETECT_LIMIT_MS = 130000; // record TTL 120 s + slack
const RECOVER_LIMIT_MS = 60000; // after detection: the clients' 30 s route refresh, twice
const DRAIN_MS = 60000;

test('kill -9 of the gateway serving broker-a: no acknowledged message lost, survivors take broker-a, clients recover without a restart', async () => {
  await withCluster('j-kill', cluster => withClients(cluster, 'j-kill', async s => {
    const topic = uniq('T_j_kill');
    await ensureTopic(cluster.gateways[0], topic, { queues: 4 });
    const before = await cluster.brokerTable(topic, cluster.gateways[0]);
    const victim = cluster.byLabel(before['broker-a'][0]);
    const [s1, s2] = cluster.gateways.filter(g => g !== victim);
    const victimAlsoB = before['broker-b'][0] === victim.label;

    // Consumers first (ali-ons sees the queues only once the topic exists: it does).
    const ga = [new Collector('GA-1 ali-ons [victim, S1]'), new Collector('GA-2 ali-ons [S2]')];
    const gc = [new Collector('GC-1 C++ victim;S1'), new Collector('GC-2 C++ S2')];
    const groupA = uniq('GID_j_kill_ali');
    const groupC = uniq('GID_j_kill_cpp');
    await s.aliConsumer({ group: groupA, topic, collector: ga[0], options: { nameSrv: [victim.nameSrv, s1.nameSrv] } });
    await s.aliConsumer({ group: groupA, topic, collector: ga[1], options: { nameSrv: [s2.nameSrv] } });
    await s.cppConsumer({ group: groupC, topic, collector: gc[0], options: { nameServer: `${victim.nameSrv};${s1.nameSrv}` } });
    await s.cppConsumer({ group: groupC, topic, collector: gc[1], options: { nameServer: s2.nameSrv } });
    for (const g of [groupA, groupC]) {
      await cluster.waitFor(async () => (await cluster.consumerList(g, s1)).ids.length === 2, 20000, `both members of ${g} registered`);
    }

    const aliP = await s.aliProducer();
    const cppP = await s.cppProducer();
    const pAli = new ProducerLoop('ali-ons producer', 'k-ali', async body => {
      const r = await s.aliSend(aliP, topic, { body, tags: 'TagA' });
      return { brokerName: r.messageQueue.brokerName };
    }).start();
    const pCpp = new ProducerLoop('C++ producer', 'k-cpp', body => s.cppSend(cppP, topic, { body, tags: 'TagB' })).start();
    const producers = [pAli, pCpp];

    // Steady state: both producers acknowledged, both groups consuming, on both logical brokers.
    await cluster.waitFor(() => pAli.ackedBetween(0, Infinity, 'broker-a').length >= 10 && pAli.ackedBetween(0, Infinity, 'broker-b').length >= 10 &&
      pCpp.acked.size >= 20 && ga.every(c => c.count > 0) && gc.every(c => c.count > 0), 30000,
    () => `steady traffic (ali acked ${pAli.acked.size}, cpp acked ${pCpp.acked.size}, GA ${ga.map(c => c.count)}, GC ${gc.map(c => c.count)})`);

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
      const clean = ts.every(t => Object.values(t).every(ids => ids.length === 2 && !ids.includes(victim.label) && ids.every(l => l === s1.label || l === s2.label)));
      return clean && JSON.stringify(ts[0]) === JSON.stringify(ts[1]) ? ts[0] : false;
    }, DETECT_LIMIT_MS, () => `routes through ${s1.label} and ${s2.label} without the killed ${victim.label} (last: ${JSON.stringify(lastTables)})`, 500);
    const tDetect = Date.now();
    const detectMs = tDetect - tKill;
    if (!victimAlsoB) {
      assert.equal(tables['broker-b'][0], before['broker-b'][0], `broker-b's master stays ${before['broker-b'][0]} (only the dead gateway's brokers move): ${JSON.stringify(tables)}`);
    }
    const recordAfter = await cluster.gatewayRecord(victim);
    assert.ok(!recordAfter || Date.parse(recordAfter.expiresAt) <= Date.now(), `the victim's record has expired: ${JSON.stringify(recordAfter)}`);

    // Recovery without restarting a client: sends to broker-a succeed again, both groups
    // consume messages of broker-a sent after the detection.
    const aliBodiesA = () => new Set(pAli.ackedBetween(tDetect, Infinity, 'broker-a'));
    await cluster.waitFor(() => aliBodiesA().size >= 5 && pCpp.ackedBetween(tDetect).length >= 5, RECOVER_LIMIT_MS,
      () => `sends succeed again after the detection (ali-ons to broker-a: ${aliBodiesA().size}, C++: ${pCpp.ackedBetween(tDetect).length}; ` +
        `errors: ${JSON.stringify([...pAli.firstErrors(), ...pCpp.firstErrors()])})`);
    const firstAckA = Math.min(...pAli.ackedBetween(tKill, Infinity, 'broker-a').map(b => pAli.acked.get(b).at));
    const consumedNewA = cols => cols.some(c => c.items.some(it => aliBodiesA().has(it.body)));
    await cluster.waitFor(() => consumedNewA(ga) && consumedNewA(gc), RECOVER_LIMIT_MS,
      'both groups consume broker-a messages sent after the detection');
    const firstConsumedA = cols => Math.min(...cols.flatMap(c => c.items.filter(it => it.at > tKill && pAli.acked.get(it.body) &&
      pAli.acked.get(it.body).brokerName === 'broker-a' && pAli.acked.get(it.body).at > tKill).map(it => it.at)));
    const tGaA = firstConsumedA(ga);
    const tGcA = firstConsumedA(gc);
    await sleep(3000); // a little more traffic on the new route
    await Promise.all(producers.map(p => p.stop()));

    // Drain, then the exact accounting per group.
    for (const [name, cols] of [['GA', ga], ['GC', gc]]) {
      await cluster.waitFor(() => account(cols, producers).lost.length === 0, DRAIN_MS,
        () => `${name} consumed every acknowledged body (${describeAccount(account(cols, producers))}; lost ${JSON.stringify(account(cols, producers).lost.slice(0, 20))})`, 500);
    }
    await sleep(3000);
    const accA = account(ga, producers);
    const accC = account(gc, producers);
    for (const [name, acc] of [['GA (ali-ons)', accA], ['GC (C++)', accC]]) {
      assert.deepEqual(acc.lost, [], `${name}: acknowledged bodies never consumed`);
      assert.deepEqual(acc.unexpected, [], `${name}: consumed bodies nobody sent`);
    }
    for (const g of [groupA, groupC]) {
      assert.equal((await cluster.consumerList(g, s1)).ids.length, 2, `both members of ${g} still registered`);
    }

    const outage = p => `${p.name}: ${p.ackedBetween(tKill, tDetect).length} acked during the outage` +
      `${p === pAli ? ` (broker-a ${p.ackedBetween(tKill, tDetect, 'broker-a').length}, broker-b ${p.ackedBetween(tKill, tDetect, 'broker-b').length})` : ''}, ` +
      `${p.failedBetween(tKill).length} failed (${JSON.stringify(p.firstErrors(2))})`;
    console.log(`[j-kill] killed ${victim.label} (master of broker-a${victimAlsoB ? ' and broker-b' : ''}; routes before ${JSON.stringify(before)}), ` +
      `its record due to expire ${expiresInMs} ms after the kill. Routes through ${s1.label}, ${s2.label} dropped it ${detectMs} ms after the kill ` +
      `(${detectMs - expiresInMs} ms after the record's expiry): ${JSON.stringify(tables)}. ` +
      `First ali-ons send acknowledged by broker-a again ${firstAckA - tKill} ms after the kill (${firstAckA - tDetect} ms after detection); ` +
      `first broker-a message sent after the kill consumed by GA ${tGaA - tKill} ms, by GC ${tGcA - tKill} ms after the kill. ` +
      `${outage(pAli)}; ${outage(pCpp)}. GA: ${describeAccount(accA)}. GC: ${describeAccount(accC)}.`);
  }), { brokerNames: ['broker-a', 'broker-b'] });
});
