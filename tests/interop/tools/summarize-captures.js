#!/usr/bin/env node
'use strict';
// Human-readable view of capture files (one JSON line per client frame).
//
//   npm run summarize-captures                       # every captures/*.log
//   npm run summarize-captures -- captures/ali-ons-3.12.0.log --frames
//
// Prints, per file: request codes with counts, language/version/serialize type seen,
// flags (oneway), SEND sysFlag values and whether messages carry UNIQ_KEY, PULL sysFlag
// values, ext-field value types (JSON strings vs numbers/booleans); with --frames also
// one line per frame.

const fs = require('node:fs');
const path = require('node:path');
const { decodeFrame, stringToProperties } = require('../lib/remoting');

const NAMES = {
  10: 'SEND_MESSAGE', 11: 'PULL_MESSAGE', 12: 'QUERY_MESSAGE', 14: 'QUERY_CONSUMER_OFFSET', 15: 'UPDATE_CONSUMER_OFFSET',
  17: 'UPDATE_AND_CREATE_TOPIC', 29: 'SEARCH_OFFSET_BY_TIMESTAMP', 30: 'GET_MAX_OFFSET', 31: 'GET_MIN_OFFSET', 33: 'VIEW_MESSAGE_BY_ID',
  34: 'HEART_BEAT', 35: 'UNREGISTER_CLIENT', 36: 'CONSUMER_SEND_MSG_BACK', 37: 'END_TRANSACTION', 38: 'GET_CONSUMER_LIST_BY_GROUP',
  41: 'LOCK_BATCH_MQ', 42: 'UNLOCK_BATCH_MQ', 46: 'CHECK_CLIENT_CONFIG', 101: 'GET_KV_CONFIG', 105: 'GET_ROUTEINFO_BY_TOPIC',
  106: 'GET_BROKER_CLUSTER_INFO', 206: 'GET_ALL_TOPIC_LIST_FROM_NAMESERVER', 310: 'SEND_MESSAGE_V2', 320: 'SEND_BATCH_MESSAGE',
};

function summarize(file, showFrames) {
  const lines = fs.readFileSync(file, 'utf8').split('\n').filter(Boolean);
  const codes = new Map();
  const meta = new Set();
  const sendSysFlags = new Set();
  const pullSysFlags = new Set();
  const nonStringExt = new Set();
  let sends = 0;
  let sendsWithUniq = 0;
  const clients = new Set();
  console.log(`\n=== ${file} (${lines.length} frames)`);
  for (const line of lines) {
    const rec = JSON.parse(line);
    clients.add(rec.client);
    const f = decodeFrame(Buffer.from(rec.hex, 'hex'));
    const h = f.header || {};
    const name = NAMES[h.code] || '?';
    codes.set(`${h.code} ${name}`, (codes.get(`${h.code} ${name}`) || 0) + 1);
    meta.add(`serializeType=${f.serializeType} language=${h.language} version=${h.version}`);
    const ext = h.extFields || {};
    for (const [k, v] of Object.entries(ext)) if (typeof v !== 'string') nonStringExt.add(`${h.code}.${k}:${typeof v}`);
    if (h.code === 10 || h.code === 310 || h.code === 320) {
      sends++;
      const sf = ext.sysFlag ?? ext.f;
      sendSysFlags.add(String(sf));
      const props = stringToProperties(String(ext.properties ?? ext.i ?? ''));
      if (props.UNIQ_KEY) sendsWithUniq++;
    }
    if (h.code === 11) pullSysFlags.add(String(ext.sysFlag));
    if (showFrames) {
      const oneway = (h.flag & 2) ? ' oneway' : '';
      console.log(`#${rec.seq} ${h.code} ${name}${oneway} opaque=${h.opaque} ext=${JSON.stringify(ext).slice(0, 300)} body=${f.body.length}B` +
        (f.body.length && f.body.length < 600 && h.code !== 310 && h.code !== 10 ? ` ${JSON.stringify(f.body.toString('utf8'))}` : ''));
    }
  }
  console.log(`client: ${[...clients].join(', ')}`);
  console.log(`header: ${[...meta].join('; ')}`);
  console.log('request codes:');
  for (const [k, v] of [...codes.entries()].sort((a, b) => Number(a[0].split(' ')[0]) - Number(b[0].split(' ')[0]))) console.log(`  ${k} x${v}`);
  console.log(`send sysFlag values: ${[...sendSysFlags].join(', ') || '-'}; sends with UNIQ_KEY: ${sendsWithUniq}/${sends}`);
  console.log(`pull sysFlag values: ${[...pullSysFlags].join(', ') || '-'}`);
  console.log(`non-string ext values: ${[...nonStringExt].join(', ') || 'none'}`);
}

const args = process.argv.slice(2);
const showFrames = args.includes('--frames');
let files = args.filter(a => !a.startsWith('--'));
if (!files.length) {
  const dir = path.join(__dirname, '..', 'captures');
  files = fs.existsSync(dir) ? fs.readdirSync(dir).filter(f => f.endsWith('.log')).map(f => path.join(dir, f)) : [];
}
if (!files.length) { console.error('no capture files (run: npm run record-captures)'); process.exit(1); }
for (const f of files) summarize(f, showFrames);
