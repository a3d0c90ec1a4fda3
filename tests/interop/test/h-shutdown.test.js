'use strict';
// (h) Graceful shutdown with clients still connected.
//
// RocketMQ clients keep their TCP connections open for as long as they live (and
// rocketmq-client-cpp even keeps them after a consumer's shutdown()). The Java broker and
// name server close every channel when they shut down, so clients notice at once and
// reconnect to the restarted process. A gateway that, on SIGTERM, waits for clients to
// hang up first delays every restart by its host shutdown timeout.
const { test, after } = require('node:test');
const assert = require('node:assert/strict');
const { withGateway } = require('../gateway');
const { uniq, sleep, exitWhenDone } = require('../lib/clients');
const { ensureTopic } = require('../lib/admin');
const { RawClient, RequestCode } = require('../lib/remoting');

exitWhenDone(after);

const PROMPT_MS = 10000;

function closedWithin(client, ms) {
  return new Promise(resolve => {
    if (client.socket.destroyed) return resolve(true);
    const t = setTimeout(() => resolve(false), ms);
    client.socket.once('close', () => { clearTimeout(t); resolve(true); });
  });
}

async function sigtermAndMeasure(gw) {
  const t0 = Date.now();
  gw.log('SIGTERM (h-shutdown measurement)');
  gw.proc.kill('SIGTERM');
  const res = await Promise.race([gw.proc.exited, sleep(60000).then(() => null)]);
  return { ms: Date.now() - t0, res, conns: res ? '' : gw.openConnections() };
}

test('SIGTERM with idle client connections open: the gateway closes them and exits promptly', async () => {
  await withGateway('h-idle', async gw => {
    const ns = await RawClient.connect(gw.nameSrv);
    const br = await RawClient.connect(gw.brokerAddr);
    // One real exchange on each, like a client that looked up a route and sent a heartbeat.
    await ns.request({ code: RequestCode.GET_ROUTEINFO_BY_TOPIC, extFields: { topic: 'TBW102' } });
    const hb = { clientID: '127.0.0.1@h-idle', consumerDataSet: [], producerDataSet: [{ groupName: 'PID_h_idle' }] };
    await br.request({ code: RequestCode.HEART_BEAT, body: Buffer.from(JSON.stringify(hb)) });
    const nsClosed = closedWithin(ns, PROMPT_MS);
    const brClosed = closedWithin(br, PROMPT_MS);
    const m = await sigtermAndMeasure(gw);
    assert.ok(m.res, `gateway still running 60 s after SIGTERM; open connections:\n${m.conns}`);
    assert.ok(m.ms < PROMPT_MS, `gateway took ${m.ms} ms to exit after SIGTERM with 2 idle client connections open (Java closes channels at once)`);
    assert.ok(await nsClosed, 'name-server connection closed by the gateway');
    assert.ok(await brClosed, 'broker connection closed by the gateway');
    assert.equal(m.res.code, 0, `exit code after SIGTERM: ${JSON.stringify(m.res)}`);
    ns.socket.destroy(); br.socket.destroy();
  });
});

test('SIGTERM with a long-polling PULL in flight: the gateway exits promptly', async () => {
  await withGateway('h-longpoll', async gw => {
    const topic = uniq('T_h_poll');
    await ensureTopic(gw, topic);
    const br = await RawClient.connect(gw.brokerAddr);
    const group = uniq('GID_h_poll');
    const hb = {
      clientID: '127.0.0.1@h-poll',
      consumerDataSet: [{
        groupName: group, consumeType: 'CONSUME_PASSIVELY', messageModel: 'CLUSTERING', consumeFromWhere: 'CONSUME_FROM_LAST_OFFSET', unitMode: false,
        subscriptionDataSet: [{ topic, subString: '*', classFilterMode: false, tagsSet: [], codeSet: [], subVersion: Date.now() }],
      }],
      producerDataSet: [],
    };
    await br.request({ code: RequestCode.HEART_BEAT, body: Buffer.from(JSON.stringify(hb)) });
    const pull = br.request({
      code: RequestCode.PULL_MESSAGE,
      extFields: {
        consumerGroup: group, topic, queueId: 0, queueOffset: 0, maxMsgNums: 32, sysFlag: 6, commitOffset: 0,
        suspendTimeoutMillis: 15000, subscription: '*', subVersion: Date.now(),
      },
    }, 30000).catch(e => ({ error: e.message }));
    await sleep(500); // the pull is now parked (empty queue, suspend flag set)
    const m = await sigtermAndMeasure(gw);
    const pr = await pull;
    assert.ok(m.res, `gateway still running 60 s after SIGTERM; open connections:\n${m.conns}`);
    assert.ok(m.ms < PROMPT_MS, `gateway took ${m.ms} ms to exit after SIGTERM with a parked PULL (pull outcome: ${JSON.stringify(pr.header || pr)})`);
    br.socket.destroy();
  });
});
