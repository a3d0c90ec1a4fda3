'use strict';
// (k) Plain ACL with the real rocketmq-nodejs 1.1.2 client (rocketmq-client-cpp 3.0), whose
// setSessionCredentials(ak, sk, channel) signs every request (AccessKey, OnsChannel, Signature):
// a signed producer and push consumer work end to end; a wrong secret, no credentials and a
// topic the account may not publish to are refused with the gateway's remark. Then ali-ons
// (accessKeyId / accessKeySecret, its own signer in JS) against the same file.
const fs = require('node:fs');
const crypto = require('node:crypto');
const os = require('node:os');
const path = require('node:path');
const { test, after } = require('node:test');
const assert = require('node:assert/strict');
const { withGateway } = require('../gateway');
const { withClients, Collector, assertExactBodies, uniq, sleep, exitWhenDone, rocketmqNodejs, withTimeout } = require('../lib/clients');
const { RawClient, RequestCode } = require('../lib/remoting');

exitWhenDone(after);

const AK = 'interop_ak';
const SK = 'interop_secret_key';
const ADMIN_AK = 'interop_admin';
const ADMIN_SK = 'interop_admin_secret';
const N = 10;

function writeAclFile(deniedTopic) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eventbroker-interop-acl-'));
  const file = path.join(dir, 'plain_acl.yml');
  fs.writeFileSync(file, [
    'accounts:',
    `  - accessKey: ${AK}`,
    `    secretKey: ${SK}`,
    '    defaultTopicPerm: PUB|SUB',
    '    defaultGroupPerm: SUB',
    `    topicPerms: ["${deniedTopic}=SUB"]`,
    `  - accessKey: ${ADMIN_AK}`,
    `    secretKey: ${ADMIN_SK}`,
    '    admin: true',
    '',
  ].join('\n'));
  return { dir, file };
}

/**
 * The signature written out from the facts alone (a third implementation beside the C++ client's and
 * ali-ons'): HmacSHA1 over the ext field values sorted by key, then the body, Base64.
 */
function sign(extFields, accessKey, secretKey, body = Buffer.alloc(0)) {
  const fields = { ...extFields, AccessKey: accessKey };
  const content = Object.keys(fields).sort().map(k => fields[k]).join('');
  fields.Signature = crypto.createHmac('sha1', secretKey).update(Buffer.concat([Buffer.from(content, 'utf8'), body])).digest('base64');
  return fields;
}

/** ali-ons sends only to topics that have a route: create it as mqadmin would, signed by the admin account. */
async function createTopicSigned(gw, topic) {
  const broker = await RawClient.connect(gw.brokerAddr);
  try {
    const extFields = {
      topic, defaultTopic: 'TBW102', readQueueNums: '4', writeQueueNums: '4', perm: '6',
      topicFilterType: 'SINGLE_TAG', topicSysFlag: '0', order: 'false',
    };
    const unsigned = await broker.request({ code: 17, extFields });
    assert.equal(unsigned.header.code, 1);
    assert.match(unsigned.header.remark, /^AclException: No accessKey is configured/);
    const created = await broker.request({ code: 17, extFields: sign(extFields, ADMIN_AK, ADMIN_SK) });
    assert.equal(created.header.code, 0, `signed UPDATE_AND_CREATE_TOPIC: ${created.header.remark}`);
  } finally {
    await broker.close();
  }
  const ns = await RawClient.connect(gw.nameSrv);
  try {
    const deadline = Date.now() + 15000;
    while ((await ns.request({ code: RequestCode.GET_ROUTEINFO_BY_TOPIC, extFields: { topic } })).header.code !== 0) {
      assert.ok(Date.now() < deadline, `no route for ${topic} 15 s after creating it`);
      await sleep(200);
    }
  } finally {
    await ns.close();
  }
}

/** A C++ producer with optional credentials (set before start, as the client requires); closed by the session. */
async function producer(s, credentials) {
  const { Producer } = rocketmqNodejs();
  const group = uniq('PID_acl');
  const p = new Producer(group, uniq('aclP'), s.cppOptions());
  if (credentials) p.setSessionCredentials(credentials.ak, credentials.sk, 'ALIYUN');
  await withTimeout(p.start(), 60000, `C++ producer ${group} start`);
  s.clients.push({ kind: 'cpp-producer', name: group, closed: false, close: () => withTimeout(p.shutdown(), 30000, `shutdown ${group}`) });
  return p;
}

async function consumer(s, topic, collector) {
  const { PushConsumer } = rocketmqNodejs();
  const group = uniq('GID_acl');
  const c = new PushConsumer(group, uniq('aclC'), s.cppOptions({ threadCount: 2 }));
  c.setSessionCredentials(AK, SK, 'ALIYUN');
  c.subscribe(topic, '*');
  c.on('message', (msg, ack) => { collector.add({ body: msg.body, tags: msg.tags }); ack.done(true); });
  await withTimeout(c.start(), 60000, `C++ consumer ${group} start`);
  s.clients.push({ kind: 'cpp-consumer', name: group, closed: false, close: () => withTimeout(c.shutdown(), 30000, `shutdown ${group}`) });
  return c;
}

/** The send's rejection message (the C++ client retries, then reports the broker's last remark). */
async function sendError(p, topic) {
  try {
    const res = await withTimeout(p.send(topic, 'must-not-arrive', { tags: 'TagA' }), 60000, `send to ${topic}`);
    return `unexpectedly sent: ${JSON.stringify(res)}`;
  } catch (e) {
    return String(e && e.message || e);
  }
}

test('rocketmq-nodejs with setSessionCredentials: signed send and consume pass, bad credentials and a denied topic are refused', async () => {
  const topic = uniq('T_k_acl');
  const deniedTopic = uniq('T_k_denied');
  const acl = writeAclFile(deniedTopic);
  try {
    await withGateway('k-acl', gw => withClients(gw, 'k-acl', async s => {
      gw.onFailure(() => `--- plain_acl.yml ---\n${fs.readFileSync(acl.file, 'utf8')}`);
      const signed = await producer(s, { ak: AK, sk: SK });

      // The first send creates the topic (through TBW102), so the consumer finds a route at start.
      const first = await withTimeout(signed.send(topic, 'k-acl-0', { tags: 'TagA' }), 30000, 'first signed send');
      assert.equal(first.status, 0, `signed send: ${JSON.stringify(first)}`);

      const got = new Collector('signed C++ consumer');
      await consumer(s, topic, got);
      await sleep(1000);
      const expected = ['k-acl-0'];
      for (let i = 1; i < N; i++) {
        const res = await withTimeout(signed.send(topic, `k-acl-${i}`, { tags: 'TagA' }), 30000, `signed send ${i}`);
        assert.equal(res.status, 0, `signed send ${i}: ${JSON.stringify(res)}`);
        expected.push(`k-acl-${i}`);
      }
      await got.waitForBodies(expected, 90000);
      await sleep(2000);
      assertExactBodies(got, expected);

      const wrongSecret = await producer(s, { ak: AK, sk: 'not-the-secret' });
      assert.match(await sendError(wrongSecret, topic), /Check signature failed for accessKey=interop_ak/);

      const anonymous = await producer(s, null);
      assert.match(await sendError(anonymous, topic), /No accessKey is configured/);

      assert.match(await sendError(signed, deniedTopic), new RegExp(`No default permission for topic:${deniedTopic}: accessKey=interop_ak needs PUB there but has SUB`));

      // Nothing refused reached the consumer.
      await sleep(2000);
      assertExactBodies(got, expected);
    }), { extraArgs: ['--Broker:aclEnable=true', `--Broker:AclFile=${acl.file}`] });
  } finally {
    fs.rmSync(acl.dir, { recursive: true, force: true });
  }
});

test('ali-ons with accessKeyId/accessKeySecret: signed send and consume pass, a wrong secret is refused', async () => {
  const topic = uniq('T_k_acl_ali');
  const acl = writeAclFile(uniq('T_k_unused'));
  try {
    await withGateway('k-acl-ali', gw => withClients(gw, 'k-acl-ali', async s => {
      await createTopicSigned(gw, topic);
      const credentials = { accessKeyId: AK, accessKeySecret: SK };
      const p = await s.aliProducer({ options: credentials });
      await s.aliSend(p, topic, { body: 'k-ali-0', tags: 'TagA' });
      const got = new Collector('signed ali-ons consumer');
      await s.aliConsumer({ topic, collector: got, options: { ...credentials, consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET' } });
      const expected = ['k-ali-0'];
      for (let i = 1; i < N; i++) {
        await s.aliSend(p, topic, { body: `k-ali-${i}`, tags: 'TagA' });
        expected.push(`k-ali-${i}`);
      }
      await got.waitForBodies(expected, 90000);
      await sleep(2000);
      assertExactBodies(got, expected);

      const wrong = await s.aliProducer({ options: { accessKeyId: AK, accessKeySecret: 'not-the-secret' } });
      const { Message } = require('ali-ons');
      // ali-ons reports only "Send [4] times, still failed"; the remark it got is in the gateway's log.
      await assert.rejects(wrong.send(new Message(topic, 'TagA', Buffer.from('must-not-arrive'))), /still failed/);
      const refused = /ACL refused request code 310 from 127\.0\.0\.1:\d+: AclException: Check signature failed for accessKey=interop_ak/;
      assert.match(await gw.waitForLog(refused), refused);
      await sleep(2000);
      assertExactBodies(got, expected);
    }), { extraArgs: ['--Broker:aclEnable=true', `--Broker:AclFile=${acl.file}`] });
  } finally {
    fs.rmSync(acl.dir, { recursive: true, force: true });
  }
});
