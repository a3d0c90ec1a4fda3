'use strict';
// (p) Transactional messages. Neither npm client has a transactional producer: rocketmq-nodejs 1.1.2 wraps only the
// C++ DefaultMQProducer (the C++ TransactionMQProducer is not exposed), and ali-ons 3.12.0 has no
// sendMessageInTransaction, no END_TRANSACTION and ignores every broker request, CHECK_TRANSACTION_STATE included.
// What ali-ons can do is send a half message: a message with the TRAN_MSG property is sent with the prepared-type
// sysFlag. So this test takes the half messages from the real client and plays the rest of the producer's part the
// way the Java client does it: END_TRANSACTION (37, oneway) with the send result's offsetMsgId and queue offset.
// The check-back (39) path is covered by the gateway's own tests (EndToEnd/TransactionTests, Cluster failover).
const { test, after } = require('node:test');
const assert = require('node:assert/strict');
const { withGateway } = require('../gateway');
const { withClients, Collector, assertExactBodies, uniq, sleep, exitWhenDone } = require('../lib/clients');
const { ensureTopic, endTransaction } = require('../lib/admin');

exitWhenDone(after);

test('ali-ons half messages stay invisible until committed; a commit is delivered once, a rollback never', async () => {
  await withGateway('p-tx', gw => withClients(gw, 'p-tx', async s => {
    const topic = uniq('T_p_tx');
    await ensureTopic(gw, topic);
    const aliGot = new Collector('ali-ons consumer');
    const cppGot = new Collector('C++ consumer');
    await s.aliConsumer({ topic, collector: aliGot });
    await s.cppConsumer({ topic, collector: cppGot });
    await sleep(1500);
    const group = uniq('PID_p_tx');
    const p = await s.aliProducer({ group });

    const half = async body => {
      // PGROUP names the producer group to check with, as the Java producer sets it.
      const res = await s.aliSend(p, topic, { body, tags: 'TagT', keys: body, properties: { TRAN_MSG: 'true', PGROUP: group } });
      return { body, offsetMsgId: res.msgId, queueOffset: res.queueOffset };
    };
    const commit = await half('p-commit');
    const rollback = await half('p-rollback');
    const committedTwice = await half('p-commit-twice');
    await s.aliSend(p, topic, { body: 'p-plain', tags: 'TagT' });

    // The plain message arrives; the half messages must not have, whatever their queue.
    await aliGot.waitForBodies(['p-plain'], 30000);
    await cppGot.waitForBodies(['p-plain'], 30000);
    await sleep(1500);
    assertExactBodies(aliGot, ['p-plain']);
    assertExactBodies(cppGot, ['p-plain']);

    const end = (m, isCommit) => endTransaction(gw, {
      producerGroup: group, offsetMsgId: m.offsetMsgId, queueOffset: m.queueOffset, msgId: m.offsetMsgId, commit: isCommit,
    });
    await end(commit, true);
    await end(rollback, false);
    // The same commit twice (a producer retry, or its answer to a check racing its own END_TRANSACTION): delivered once.
    await end(committedTwice, true);
    await end(committedTwice, true);

    const expected = ['p-plain', 'p-commit', 'p-commit-twice'];
    await aliGot.waitForBodies(expected, 30000);
    await cppGot.waitForBodies(expected, 30000);
    await sleep(2000);
    assertExactBodies(aliGot, expected);
    assertExactBodies(cppGot, expected);
    const delivered = aliGot.items.find(i => i.body === 'p-commit');
    assert.equal(delivered.topic, topic, 'delivered to its real topic');
    assert.equal(delivered.tags, 'TagT');
    assert.equal(delivered.keys, 'p-commit');
    // Commit type in the sysFlag (bits 2-3 = 8), as a Java consumer sees it.
    assert.equal(delivered.sysFlag & 0x0c, 0x08, `sysFlag ${delivered.sysFlag} of the committed message`);
  }));
});
