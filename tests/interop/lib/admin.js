'use strict';
// Admin operations done the way mqadmin does them, over the remoting protocol.

const assert = require('node:assert/strict');
const { RawClient, RequestCode, decodeStoredMessages } = require('./remoting');
const { sleep } = require('../gateway');

const UPDATE_AND_CREATE_TOPIC = 17;

/**
 * Make sure `topic` has a route on the name server.
 *
 * Needed for ali-ons: unlike the Java and C++ clients, ali-ons 3.12.0 does NOT fall back
 * to the TBW102 route for a topic the name server does not know. Its first
 * GET_ROUTEINFO_BY_TOPIC answered with 17 (TOPIC_NOT_EXIST) throws out of send(), so with
 * a real RocketMQ the topic has to be created beforehand (mqadmin updateTopic). This does
 * the same: UPDATE_AND_CREATE_TOPIC (17) to the broker, then waits for the route.
 */
async function ensureTopic(gw, topic, { queues = 4, perm = 6 } = {}) {
  const ns = await RawClient.connect(gw.nameSrv);
  try {
    let r = await ns.request({ code: RequestCode.GET_ROUTEINFO_BY_TOPIC, extFields: { topic } });
    if (r.header.code === 0) return;
    const broker = await RawClient.connect(gw.brokerAddr);
    try {
      const c = await broker.request({
        code: UPDATE_AND_CREATE_TOPIC,
        extFields: {
          topic, defaultTopic: 'TBW102', readQueueNums: queues, writeQueueNums: queues, perm,
          topicFilterType: 'SINGLE_TAG', topicSysFlag: 0, order: false,
        },
      });
      assert.equal(c.header.code, 0,
        `UPDATE_AND_CREATE_TOPIC(${topic}) -> code ${c.header.code} remark ${JSON.stringify(c.header.remark)} ` +
        '(ali-ons cannot send to a topic without a route, so the tests create topics the way mqadmin does)');
    } finally {
      await broker.close();
    }
    const deadline = Date.now() + 15000;
    for (;;) {
      r = await ns.request({ code: RequestCode.GET_ROUTEINFO_BY_TOPIC, extFields: { topic } });
      if (r.header.code === 0) return;
      if (Date.now() > deadline) {
        assert.fail(`topic ${topic} created on the broker but the name server still answers ${r.header.code} (${r.header.remark}) after 15 s`);
      }
      await sleep(200);
    }
  } finally {
    await ns.close();
  }
}

const QUERY_MESSAGE = 12;
const QUERY_CONSUMER_OFFSET = 14;
const VIEW_MESSAGE_BY_ID = 33;
const END_TRANSACTION = 37;
const QUERY_NOT_FOUND = 22;

/** Run fn(rawClient) on a connection to the gateway's broker port (as mqadmin talks to a broker). */
async function withBroker(gw, fn) {
  const c = await RawClient.connect(gw.brokerAddr);
  try {
    return await fn(c);
  } finally {
    await c.close();
  }
}

/**
 * mqadmin queryMsgByKey / queryMsgByUniqueKey: QUERY_MESSAGE (12) with `key`, or with the client msgId
 * (UNIQ_KEY) and `_UNIQUE_KEY_QUERY=true`. Returns the decoded messages (possibly none).
 */
async function queryMessage(gw, topic, key, { uniqueKey = false, maxNum = 32, beginTimestamp = 0, endTimestamp = Date.now() + 60000 } = {}) {
  return withBroker(gw, async c => {
    const extFields = { topic, key, maxNum, beginTimestamp, endTimestamp };
    if (uniqueKey) extFields._UNIQUE_KEY_QUERY = 'true';
    const r = await c.request({ code: QUERY_MESSAGE, extFields });
    if (r.header.code === QUERY_NOT_FOUND) return [];
    assert.equal(r.header.code, 0, `QUERY_MESSAGE(${topic}, ${key}, unique=${uniqueKey}) -> ${r.header.code} ${JSON.stringify(r.header.remark)}`);
    return decodeStoredMessages(r.body || Buffer.alloc(0));
  });
}

/** mqadmin queryMsgById: VIEW_MESSAGE_BY_ID (33) with the commit-log offset inside an offsetMsgId. */
async function viewMessage(gw, offsetMsgId) {
  return withBroker(gw, async c => {
    const offset = BigInt(`0x${offsetMsgId.slice(-16)}`).toString();
    const r = await c.request({ code: VIEW_MESSAGE_BY_ID, extFields: { offset } });
    assert.equal(r.header.code, 0, `VIEW_MESSAGE_BY_ID(${offsetMsgId} -> offset ${offset}) -> ${r.header.code} ${JSON.stringify(r.header.remark)}`);
    const [m] = decodeStoredMessages(r.body);
    return m;
  });
}

/** The group's committed offset of one queue on the broker, or null when it has none (22 QUERY_NOT_FOUND). */
async function queryConsumerOffset(gw, group, topic, queueId) {
  return withBroker(gw, async c => {
    const r = await c.request({ code: QUERY_CONSUMER_OFFSET, extFields: { consumerGroup: group, topic, queueId } });
    if (r.header.code === QUERY_NOT_FOUND) return null;
    assert.equal(r.header.code, 0, `QUERY_CONSUMER_OFFSET(${group}, ${topic}, ${queueId}) -> ${r.header.code} ${JSON.stringify(r.header.remark)}`);
    return Number(r.header.extFields.offset);
  });
}

/** Every message of one queue from offset 0, pulled raw (no consumer group state involved). */
async function pullQueue(gw, topic, queueId, { group = 'interop_inspect' } = {}) {
  return withBroker(gw, async c => {
    const out = [];
    for (;;) {
      const r = await c.request({
        code: RequestCode.PULL_MESSAGE,
        extFields: {
          consumerGroup: group, topic, queueId, queueOffset: out.length, maxMsgNums: 32, sysFlag: 4, commitOffset: 0,
          suspendTimeoutMillis: 0, subscription: '*', subVersion: Date.now(),
        },
      });
      if (r.header.code !== 0) return out; // 19/20: nothing more; 17: the topic does not exist (yet)
      out.push(...decodeStoredMessages(r.body));
    }
  });
}

/**
 * END_TRANSACTION (37), oneway as the Java producer sends it: commit (8) or roll back (12) the half message a send
 * answered with `offsetMsgId` at `queueOffset`.
 */
async function endTransaction(gw, { producerGroup, offsetMsgId, queueOffset, msgId, commit }) {
  return withBroker(gw, async c => {
    c.oneway({
      code: END_TRANSACTION,
      extFields: {
        producerGroup, tranStateTableOffset: queueOffset, commitLogOffset: BigInt(`0x${offsetMsgId.slice(-16)}`).toString(),
        commitOrRollback: commit ? 8 : 12, fromTransactionCheck: false, msgId,
      },
    });
    await sleep(200); // let the oneway frame leave before the connection closes
  });
}

module.exports = {
  ensureTopic, UPDATE_AND_CREATE_TOPIC, withBroker, queryMessage, viewMessage, queryConsumerOffset, pullQueue, endTransaction,
};
