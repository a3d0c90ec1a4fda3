'use strict';
// Admin operations done the way mqadmin does them, over the remoting protocol.

const assert = require('node:assert/strict');
const { RawClient, RequestCode } = require('./remoting');
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

module.exports = { ensureTopic, UPDATE_AND_CREATE_TOPIC };
