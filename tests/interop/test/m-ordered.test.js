'use strict';
// (m) Ordered messages with ali-ons: sends with a sharding key (`msg.shardingKey`; ali-ons picks the queue as
// md5(key) mod the topic's queue count) land every message of one key in one queue, in send order, and a consumer
// sees each key's messages in that order, including across a rebalance when a second member joins the group.
//
// Neither npm client has an orderly consumer (LOCK_BATCH_MQ / UNLOCK_BATCH_MQ, consume under the queue lock):
// ali-ons consumes concurrently but one message at a time (parallelConsumeLimit 1), which keeps a queue's order
// within one member; rocketmq-nodejs has no queue selector for sends and consumes on a thread pool. The lock
// protocol itself is covered by the gateway's own tests. So the checks here are RocketMQ's per-queue guarantees for
// a concurrent consumer: each member sees each key in order; a queue that moves to the new member is resumed from
// the committed offset (redelivery of what the old owner consumed after its last commit, or consumes before its own
// next rebalance, is allowed; nothing else);
// once the rebalance settled, each queue is consumed by one member only.
const { test, after } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const { withGateway } = require('../gateway');
const { withClients, Collector, uniq, sleep, exitWhenDone } = require('../lib/clients');
const { ensureTopic } = require('../lib/admin');

exitWhenDone(after);

const QUEUES = 4;
const KEYS_PER_QUEUE = 2;
const STEPS_PER_PHASE = 5;
// ali-ons ignores NOTIFY_CONSUMER_IDS_CHANGED and rebalances on its timer only; 2 s instead of 10 s keeps the test short.
const REBALANCE_MS = 2000;

/** The queue ali-ons 3.12.0 picks for a sharding key (topic_publish_info.js), for queue ids 0..n-1. */
function aliShardingQueue(key, queues) {
  return crypto.createHash('md5').update(key).digest().readUInt32BE() % queues;
}

/**
 * Sharding keys, KEYS_PER_QUEUE for each of queues 1..n-1. Not queue 0: ali-ons 3.12.0 looks the queue id up as
 * `queueIds[index] || ''`, so a key whose hash picks queue id 0 reads as "no sharding key" and its messages are
 * spread round-robin (a client bug; see README).
 */
function shardingKeys() {
  const byQueue = new Map();
  for (let i = 0; [...byQueue.values()].reduce((n, ks) => n + ks.length, 0) < (QUEUES - 1) * KEYS_PER_QUEUE; i++) {
    const key = `order-${i}`;
    const q = aliShardingQueue(key, QUEUES);
    if (q === 0) continue;
    const ks = byQueue.get(q) || [];
    if (ks.length < KEYS_PER_QUEUE) byQueue.set(q, [...ks, key]);
  }
  return [...byQueue.values()].flat();
}

test('ali-ons sharding-key sends: one queue per key, each key in order per member, across a member joining', async () => {
  await withGateway('m-ordered', gw => withClients(gw, 'm-ordered', async s => {
    const topic = uniq('T_m_order');
    await ensureTopic(gw, topic, { queues: QUEUES });
    const group = uniq('GID_m_order');
    const keys = shardingKeys();
    const one = new Collector('member 1');
    const two = new Collector('member 2 (joins later)');
    await s.aliConsumer({ group, topic, collector: one, options: { rebalanceInterval: REBALANCE_MS } });
    await sleep(2000);
    const p = await s.aliProducer();

    const sentQueue = new Map(); // body -> queueId the send result named
    const phases = [];
    const sendPhase = async (phase, gapMs) => {
      const bodies = [];
      for (let step = phase * STEPS_PER_PHASE; step < (phase + 1) * STEPS_PER_PHASE; step++) {
        for (const key of keys) {
          const body = `${key}:${String(step).padStart(3, '0')}`;
          const res = await s.aliSend(p, topic, { body, keys: key, shardingKey: key });
          sentQueue.set(body, Number(res.messageQueue.queueId));
          bodies.push(body);
        }
        if (gapMs) await sleep(gapMs);
      }
      phases.push(bodies);
      return bodies;
    };

    await sendPhase(0, 0);
    const joinedAt = Date.now();
    await s.aliConsumer({ group, topic, collector: two, options: { rebalanceInterval: REBALANCE_MS } });
    await sendPhase(1, 300); // sent while the members rebalance
    await sleep(3 * REBALANCE_MS); // both members have rebalanced at least twice since the join
    const settledAt = Date.now();
    const last = await sendPhase(2, 0);

    const all = phases.flat();
    const missing = () => { const seen = new Set([...one.bodies(), ...two.bodies()]); return all.filter(b => !seen.has(b)); };
    for (const deadline = Date.now() + 60000; missing().length > 0; await sleep(200)) {
      assert.ok(Date.now() < deadline, `after 60 s, ${missing().length} bodies reached neither member: ${missing().slice(0, 20)}`);
    }
    await sleep(2000);

    // One queue per key, the queue ali-ons' sharding rule names, and the consumer sees the same queue.
    for (const key of keys) {
      const queues = new Set(all.filter(b => b.startsWith(`${key}:`)).map(b => sentQueue.get(b)));
      assert.deepEqual([...queues], [aliShardingQueue(key, QUEUES)], `sends of ${key} went to queues ${[...queues]}`);
    }
    for (const item of [...one.items, ...two.items]) {
      assert.equal(item.queueId, sentQueue.get(item.body), `${item.body} consumed from queue ${item.queueId}, sent to ${sentQueue.get(item.body)}`);
    }

    // Per member, per key: strictly increasing steps (no reordering, no repeat within a member).
    for (const member of [one, two]) {
      for (const key of keys) {
        const steps = member.items.filter(i => i.body.startsWith(`${key}:`)).map(i => Number(i.body.split(':')[1]));
        for (let i = 1; i < steps.length; i++) {
          assert.ok(steps[i] > steps[i - 1], `${member.name} got ${key} out of order: ${steps.join(',')}`);
        }
      }
    }

    // The new member owns queues now, and after the rebalance settled each queue went to one member only.
    assert.ok(two.count > 0, 'the joining member was given no queue');
    const lastOwners = new Map();
    for (const [member, items] of [['member 1', one.items], ['member 2', two.items]]) {
      for (const item of items.filter(i => last.includes(i.body))) {
        lastOwners.set(item.queueId, new Set([...(lastOwners.get(item.queueId) || []), member]));
      }
    }
    for (const [q, owners] of lastOwners) {
      assert.equal(owners.size, 1, `queue ${q} was consumed by ${[...owners]} after the rebalance settled`);
    }

    // Bodies both members got: only on queues member 2 took over, never from the settled phase. The joining member
    // takes its queues at once, from the committed offset, while member 1 keeps consuming them until its own next
    // timer rebalance (ali-ons ignores NOTIFY_CONSUMER_IDS_CHANGED): for that window both consume the same queue,
    // the at-least-once overlap RocketMQ's concurrent consumers have (and the orderly consumer's lock prevents).
    const inOne = new Set(one.bodies());
    const moved = [...new Set(two.items.map(i => i.queueId))].sort();
    const duplicates = two.items.filter(i => inOne.has(i.body));
    for (const d of duplicates) {
      assert.ok(moved.includes(d.queueId), `${d.body} consumed by both members on queue ${d.queueId}, which member 2 never took`);
      assert.ok(!last.includes(d.body), `${d.body} was sent after the rebalance settled, yet consumed by both members`);
    }
    console.log(`# [m-ordered] ${keys.length} keys over ${QUEUES} queues, ${all.length} messages; member 2 joined ` +
      `${settledAt - joinedAt} ms before the last phase and took queues ${moved}; ${duplicates.length} redelivered on moved queues`);
  }));
});
