'use strict';
// (j) Cluster: consumer membership changes make members attached to other gateways rebalance
// promptly (NOTIFY_CONSUMER_IDS_CHANGED, 40), not only at their periodic rebalance.
//
// Real clients: the members are rocketmq-client-cpp consumers (its RebalanceService rebalances
// every 20 s and at once on 40). ali-ons is not used as a member: it ignores requests from
// the broker altogether (README "Client quirks"), so it only rebalances on its 10 s timer.
// M1 uses gateway A as its name server, M2 gateway B, M3 (joins, then leaves) gateway C.
// An ali-ons producer sends round-robin over the topic's 6 queues and tells each body's
// queue, so each member's receipts show which queues it owns and when that changed.
//
// Raw part: a member heartbeating only to A is notified when another member joins or leaves
// through C only, which needs the notice to cross gateways over Redis pub/sub.
const { test, after } = require('node:test');
const assert = require('node:assert/strict');
const { withCluster } = require('../cluster');
const { withClients, Collector, uniq, sleep, exitWhenDone } = require('../lib/clients');
const { ensureTopic } = require('../lib/admin');
const { RawClient, RequestCode } = require('../lib/remoting');

exitWhenDone(after);

const QUEUES = 6;
const SEND_EVERY_MS = 40; // one message per queue every ~240 ms
const WINDOW_MS = 1500; // ownership = who received a queue's messages within the trailing window
const PROMPT_MS = 5000; // a rebalance driven by the periodic 20 s timer would mostly miss this
const CONVERGE_MS = 40000; // > the 20 s periodic rebalance: a missing notice shows as a slow measurement, not a hang

test('a member joining through C and leaving again makes members through A and B rebalance promptly', async () => {
  await withCluster('j-rebalance', cluster => withClients(cluster, 'j-rebalance', async s => {
    const [A, B, C] = cluster.gateways;
    const topic = uniq('T_j_reb');
    const group = uniq('GID_j_reb');
    await ensureTopic(A, topic, { queues: QUEUES });

    // Producer: ali-ons through every name server, bodies numbered, queue taken from the send result.
    const queueOf = new Map();
    const sent = [];
    const producer = await s.aliProducer();
    let producing = true;
    const producerLoop = (async () => {
      for (let i = 0; producing; i++) {
        const body = `j-reb-${i}`;
        const r = await s.aliSend(producer, topic, { body, tags: 'TagA' });
        queueOf.set(body, Number(r.messageQueue.queueId));
        sent.push(body);
        await sleep(SEND_EVERY_MS);
      }
    })();

    const members = [
      { name: 'M1', gw: A, col: new Collector('M1 (name server A)') },
      { name: 'M2', gw: B, col: new Collector('M2 (name server B)') },
      { name: 'M3', gw: C, col: new Collector('M3 (name server C)') },
    ];
    const start = async m => {
      m.consumer = await s.cppConsumer({ group, instanceName: uniq(`cpp${m.name}`), topic, collector: m.col, options: { nameServer: m.gw.nameSrv } });
    };
    // Ownership over the trailing window: queue -> names of members that received its messages.
    const owners = (at, active) => {
      const out = new Map();
      for (let q = 0; q < QUEUES; q++) out.set(q, new Set());
      for (const m of active) {
        for (const it of m.col.items) {
          if (it.at > at - WINDOW_MS && it.at <= at && queueOf.has(it.body)) out.get(queueOf.get(it.body)).add(m.name);
        }
      }
      return out;
    };
    const describeOwners = o => [...o.entries()].map(([q, set]) => `q${q}:${[...set].join('+') || '-'}`).join(' ');
    // Converged: every queue owned by exactly one active member, each member owning QUEUES / n.
    const waitSplit = async (active, what) => {
      let last = '';
      const ok = await cluster.waitFor(async () => {
        const o = owners(Date.now(), active);
        last = describeOwners(o);
        const per = new Map(active.map(m => [m.name, 0]));
        for (const set of o.values()) {
          if (set.size !== 1) return false;
          per.set([...set][0], per.get([...set][0]) + 1);
        }
        return [...per.values()].every(n => n === QUEUES / active.length) ? o : false;
      }, CONVERGE_MS, () => `${what} (ownership over the last ${WINDOW_MS} ms: ${last})`, 200);
      return ok;
    };
    const waitListed = async (n, what, t) => {
      const lists = await cluster.waitFor(async () => {
        const ls = await Promise.all(cluster.gateways.map(g => cluster.consumerList(group, g)));
        return ls.every(l => l.code === 0 && l.ids.length === n) && ls.every(l => JSON.stringify(l.ids) === JSON.stringify(ls[0].ids)) ? ls : false;
      }, 15000, what, 100);
      return { ms: Date.now() - t, ids: lists[0].ids };
    };
    const queuesOf = (o, name) => [...o.entries()].filter(([, set]) => set.has(name)).map(([q]) => q);
    // How long after `t` member m had moved from its queues in `from` to those in `to`: the last
    // receipt from a queue it gave up and the first receipt (after t) from a queue it took over.
    // Every member's set changes here (3 -> 2 queues on the join, 2 -> 3 on the leave).
    const changeMs = (m, from, to, t) => {
      const lost = queuesOf(from, m.name).filter(q => !queuesOf(to, m.name).includes(q));
      const gained = queuesOf(to, m.name).filter(q => !queuesOf(from, m.name).includes(q));
      assert.ok(lost.length + gained.length > 0, `${m.name}'s queues changed: ${describeOwners(from)} -> ${describeOwners(to)}`);
      const times = [...(lost.length ? [lastReceipt(m, lost)] : []), ...(gained.length ? [firstReceiptAfter(m, gained, t)] : [])];
      const ms = Math.max(0, Math.max(...times) - t); // 0: its last message of a lost queue came before t
      return { ms, desc: `gave up [${lost}] took [${gained}] within ${ms} ms` };
    };
    const lastReceipt = (m, queues) => Math.max(...m.col.items.filter(it => queues.includes(queueOf.get(it.body))).map(it => it.at));
    const firstReceiptAfter = (m, queues, t) => Math.min(...m.col.items.filter(it => it.at >= t && queues.includes(queueOf.get(it.body))).map(it => it.at));

    // Phase 1: M1 and M2 split the six queues 3/3.
    await start(members[0]);
    await start(members[1]);
    await waitListed(2, 'GET_CONSUMER_LIST_BY_GROUP through A, B and C lists M1 and M2', Date.now());
    const split2 = await waitSplit(members.slice(0, 2), 'M1 and M2 own 3 queues each');
    await sleep(2000); // steady state: a few more messages per queue before the join
    const before = owners(Date.now(), members.slice(0, 2));
    assert.equal(describeOwners(before), describeOwners(split2), 'the 3/3 split is stable');

    // Phase 2: M3 joins through C.
    const tJoin = Date.now();
    await start(members[2]);
    const listed3 = await waitListed(3, 'GET_CONSUMER_LIST_BY_GROUP through A, B and C lists M1, M2 and M3', tJoin);
    await waitSplit(members, 'M1, M2 and M3 own 2 queues each');
    await sleep(WINDOW_MS + 1000); // let the last receipts of moved queues show before measuring
    const split3 = await waitSplit(members, 'M1, M2 and M3 still own 2 queues each');
    const joinReport = [];
    for (const m of members.slice(0, 2)) {
      const ms = changeMs(m, before, split3, tJoin);
      joinReport.push(`${m.name} ${ms.desc}`);
      assert.ok(ms.ms < PROMPT_MS, `${m.name} (name server ${m.gw.label}) rebalanced ${ms.ms} ms after M3 joined through C (${ms.desc}; ` +
        `expected a rebalance on NOTIFY_CONSUMER_IDS_CHANGED within ${PROMPT_MS} ms, not at the 20 s periodic rebalance)`);
    }
    const m3First = firstReceiptAfter(members[2], queuesOf(split3, 'M3'), tJoin) - tJoin;

    // Phase 3: M3 leaves (graceful shutdown: UNREGISTER_CLIENT); M1 and M2 take its queues back.
    const tLeave = Date.now();
    await members[2].consumer.closeGracefully();
    const closedMs = Date.now() - tLeave;
    const listedBack = await waitListed(2, 'GET_CONSUMER_LIST_BY_GROUP through A, B and C lists M1 and M2 again', tLeave);
    const splitBack = await waitSplit(members.slice(0, 2), 'M1 and M2 own 3 queues each again');
    const leaveReport = [];
    for (const m of members.slice(0, 2)) {
      const ms = changeMs(m, split3, splitBack, tLeave);
      leaveReport.push(`${m.name} ${ms.desc}`);
      assert.ok(ms.ms < PROMPT_MS, `${m.name} (name server ${m.gw.label}) rebalanced ${ms.ms} ms after M3 left through C (${ms.desc})`);
    }

    // Nothing lost. Duplicates are allowed only for queues that changed owner: the new owner
    // starts from the committed offset, which lags what the old owner consumed by up to the
    // C++ client's 5 s commit interval (RocketMQ's at-least-once on rebalance).
    producing = false;
    await producerLoop;
    await cluster.waitFor(() => {
      const got = new Set(members.flatMap(m => m.col.bodies()));
      return sent.every(b => got.has(b));
    }, 30000, () => `every sent body consumed by some member (missing ${sent.filter(b => !new Set(members.flatMap(m => m.col.bodies())).has(b)).length})`);
    await sleep(2000);
    const counts = new Map();
    for (const m of members) for (const b of m.col.bodies()) counts.set(b, (counts.get(b) || 0) + 1);
    const unexpected = [...counts.keys()].filter(b => !queueOf.has(b));
    assert.deepEqual(unexpected, [], 'only sent bodies are consumed');
    const moved = new Set([...split3.keys()].filter(q => [...before.get(q)][0] !== [...split3.get(q)][0] || [...split3.get(q)][0] !== [...splitBack.get(q)][0]));
    const dups = [...counts.entries()].filter(([, n]) => n > 1);
    const badDups = dups.filter(([b]) => !moved.has(queueOf.get(b)));
    assert.deepEqual(badDups, [], `duplicates on queues that never changed owner (moved: ${[...moved]})`);

    console.log(`[j-rebalance] ${sent.length} messages over ${QUEUES} queues; members listed through A, B, C: ` +
      `3 ${listed3.ms} ms after M3's start began, 2 again ${listedBack.ms} ms after its shutdown began (shutdown took ${closedMs} ms). ` +
      `Join: ${joinReport.join('; ')}; M3's first message ${m3First} ms after its start began. ` +
      `Leave: ${leaveReport.join('; ')} (receipts resolve to the ~${QUEUES * SEND_EVERY_MS} ms between two messages of a queue). Duplicates (rebalance redelivery, moved queues ${[...moved].join(',')}): ${dups.length}` +
      `${dups.length ? ` ${JSON.stringify(dups.slice(0, 10))}` : ''}`);
  }));
});

test('raw: a join or leave through C is notified (40) to a member connected only to A', async () => {
  await withCluster('j-notify-raw', async cluster => {
    const [A, , C] = cluster.gateways;
    const topic = uniq('T_j_notify');
    const group = uniq('GID_j_notify');
    await ensureTopic(A, topic);
    const heartbeat = clientID => ({
      code: RequestCode.HEART_BEAT,
      body: Buffer.from(JSON.stringify({
        clientID,
        consumerDataSet: [{
          groupName: group, consumeType: 'CONSUME_PASSIVELY', messageModel: 'CLUSTERING', consumeFromWhere: 'CONSUME_FROM_LAST_OFFSET', unitMode: false,
          subscriptionDataSet: [{ topic, subString: '*', classFilterMode: false, tagsSet: [], codeSet: [], subVersion: Date.now() }],
        }],
        producerDataSet: [],
      })),
    });
    const onA = await RawClient.connect(A.brokerAddr);
    const onC = await RawClient.connect(C.brokerAddr);
    try {
      const notices = () => onA.serverRequests.filter(r => r.header.code === 40 && r.header.extFields && r.header.extFields.consumerGroup === group);
      const hb = await onA.request(heartbeat('127.0.0.1@raw-on-A'));
      assert.equal(hb.header.code, 0);
      await sleep(1500); // its own join may be notified to it; count from here
      const seen = notices().length;

      const tJoin = Date.now();
      assert.equal((await onC.request(heartbeat('127.0.0.1@raw-on-C'))).header.code, 0);
      await cluster.waitFor(() => notices().length > seen, 5000, 'NOTIFY_CONSUMER_IDS_CHANGED on the A connection after a join through C', 10);
      const joinMs = Date.now() - tJoin;
      const listed = await cluster.consumerList(group, A);
      assert.deepEqual(listed.ids, ['127.0.0.1@raw-on-A', '127.0.0.1@raw-on-C'], 'A lists both members');

      const seen2 = notices().length;
      const tLeave = Date.now();
      const un = await onC.request({ code: 35, extFields: { clientID: '127.0.0.1@raw-on-C', consumerGroup: group } });
      assert.equal(un.header.code, 0, `UNREGISTER_CLIENT through C: ${JSON.stringify(un.header)}`);
      await cluster.waitFor(() => notices().length > seen2, 5000, 'NOTIFY_CONSUMER_IDS_CHANGED on the A connection after a leave through C', 10);
      const leaveMs = Date.now() - tLeave;
      assert.deepEqual((await cluster.consumerList(group, A)).ids, ['127.0.0.1@raw-on-A'], 'A lists the remaining member');
      console.log(`[j-notify-raw] notice on A ${joinMs} ms after a join through C, ${leaveMs} ms after a leave through C`);
    } finally {
      await onA.close();
      await onC.close();
    }
  });
});
