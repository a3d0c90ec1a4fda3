'use strict';
// (l) Broadcasting consumer groups, with ali-ons (`isBroadcast: true`; rocketmq-nodejs 1.1.2 has no option for it, see
// README). RocketMQ semantics: every member of a BROADCASTING group gets every message, and each member keeps its own
// offsets (ali-ons: in memory, or a local file with `persistent`), so the broker holds none for the group, a member
// leaving moves nothing to the others, and a member joining starts from its own position.
const { test, after } = require('node:test');
const assert = require('node:assert/strict');
const { withGateway } = require('../gateway');
const { withClients, Collector, assertExactBodies, uniq, sleep, exitWhenDone } = require('../lib/clients');
const { ensureTopic, queryConsumerOffset } = require('../lib/admin');

exitWhenDone(after);

const QUEUES = 4;
const N = 16;

test('ali-ons broadcasting: every member gets every message; offsets are each member\'s own', async () => {
  await withGateway('l-broadcast', gw => withClients(gw, 'l-broadcast', async s => {
    const topic = uniq('T_l_bc');
    await ensureTopic(gw, topic, { queues: QUEUES });
    const group = uniq('GID_l_bc');
    const one = new Collector('broadcast member 1');
    const two = new Collector('broadcast member 2');
    const first = await s.aliConsumer({ group, topic, collector: one, options: { isBroadcast: true } });
    await s.aliConsumer({ group, topic, collector: two, options: { isBroadcast: true } });
    // A clustering group on the same topic, for contrast: its offsets are the broker's.
    const clusteringGroup = uniq('GID_l_cl');
    const clustering = new Collector('clustering consumer');
    const clusteringConsumer = await s.aliConsumer({ group: clusteringGroup, topic, collector: clustering });
    await sleep(2000); // each member's first rebalance: a broadcasting member takes every queue
    const p = await s.aliProducer();

    const round1 = [];
    for (let i = 0; i < N; i++) {
      const body = `l-1-${i}`;
      await s.aliSend(p, topic, { body, tags: 'TagA' });
      round1.push(body);
    }
    await one.waitForBodies(round1, 30000);
    await two.waitForBodies(round1, 30000);
    await sleep(1000);
    assertExactBodies(one, round1);
    assertExactBodies(two, round1);
    const queuesSeen = new Set(two.items.map(i => i.queueId));
    assert.equal(queuesSeen.size, QUEUES, `member 2 consumed from queues ${[...queuesSeen]}; a broadcasting member reads all ${QUEUES}`);

    // The broker keeps no offsets for a broadcasting group: nothing is shared between its members. (For a queue
    // that starts at 0, RocketMQ answers a group without an offset with 0 rather than 22 QUERY_NOT_FOUND, so "none"
    // reads as null or 0 here; both members have consumed every queue past 0.) The clustering group, closed (which
    // commits), shows what a committed position looks like: all N consumed across the queues.
    await clustering.waitForBodies(round1, 30000);
    await clusteringConsumer.closeGracefully();
    let clusteringCommitted = 0;
    for (let q = 0; q < QUEUES; q++) {
      const offset = await queryConsumerOffset(gw, group, topic, q);
      assert.ok(offset === null || offset === 0, `the broker holds offset ${offset} of broadcasting group ${group} on queue ${q}`);
      clusteringCommitted += Math.max(0, await queryConsumerOffset(gw, clusteringGroup, topic, q) ?? 0);
    }
    assert.equal(clusteringCommitted, N, 'the clustering group committed its position on the broker');

    // A member leaving hands nothing over: the other one simply goes on, each message once.
    await first.closeGracefully();
    const round2 = [];
    for (let i = 0; i < N; i++) {
      const body = `l-2-${i}`;
      await s.aliSend(p, topic, { body, tags: 'TagA' });
      round2.push(body);
    }
    await two.waitForBodies(round2, 30000);

    // A new member starts from its own position (here the first offset), not from anything another member reached.
    const three = new Collector('broadcast member 3 (CONSUME_FROM_FIRST_OFFSET)');
    await s.aliConsumer({ group, topic, collector: three, options: { isBroadcast: true, consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET' } });
    await three.waitForBodies([...round1, ...round2], 30000);
    await sleep(2000);
    assertExactBodies(one, round1);
    assertExactBodies(two, [...round1, ...round2]);
    assertExactBodies(three, [...round1, ...round2]);
  }));
});
