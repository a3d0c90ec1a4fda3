'use strict';
// A tiny hand-made RocketMQ remoting client (JSON headers only), written from
// ROCKETMQ-REMOTING.md §1, §3, §5 (the team's protocol notes). Used where no npm client can produce the
// traffic (SEND_BATCH_MESSAGE) and for the bad-input tests.

const net = require('node:net');
const crypto = require('node:crypto');

const FRAME_MAX = 16 * 1024 * 1024;

const RequestCode = {
  SEND_MESSAGE: 10,
  PULL_MESSAGE: 11,
  QUERY_CONSUMER_OFFSET: 14,
  GET_MAX_OFFSET: 30,
  GET_MIN_OFFSET: 31,
  HEART_BEAT: 34,
  UNREGISTER_CLIENT: 35,
  GET_ROUTEINFO_BY_TOPIC: 105,
  GET_BROKER_CLUSTER_INFO: 106,
  SEND_MESSAGE_V2: 310,
  SEND_BATCH_MESSAGE: 320,
};

let opaqueSeq = Math.floor(Math.random() * 100000);
function nextOpaque() { opaqueSeq = (opaqueSeq + 1) & 0x7fffffff; return opaqueSeq; }

/** Encode one JSON-header frame. extFields values are stringified like Java does. */
function encodeFrame({ code, opaque = nextOpaque(), flag = 0, extFields, body, language = 'JAVA', version = 401, remark }) {
  const header = { code };
  if (extFields) {
    header.extFields = {};
    for (const [k, v] of Object.entries(extFields)) {
      if (v !== undefined && v !== null) header.extFields[k] = String(v);
    }
  }
  header.flag = flag;
  header.language = language;
  header.opaque = opaque;
  if (remark !== undefined) header.remark = remark;
  header.serializeTypeCurrentRPC = 'JSON';
  header.version = version;
  const headerBuf = Buffer.from(JSON.stringify(header), 'utf8');
  const bodyBuf = body ? Buffer.from(body) : Buffer.alloc(0);
  const frame = Buffer.alloc(8 + headerBuf.length + bodyBuf.length);
  frame.writeInt32BE(4 + headerBuf.length + bodyBuf.length, 0);
  frame.writeUInt32BE(((0 & 0xff) << 24 | headerBuf.length) >>> 0, 4); // serialize type 0 = JSON
  headerBuf.copy(frame, 8);
  bodyBuf.copy(frame, 8 + headerBuf.length);
  return frame;
}

/** Decode a complete frame buffer (including the 4-byte length). */
function decodeFrame(buf) {
  const length = buf.readInt32BE(0);
  const v = buf.readUInt32BE(4);
  const serializeType = (v >>> 24) & 0xff;
  const headerLen = v & 0xffffff;
  const headerBuf = buf.subarray(8, 8 + headerLen);
  const body = buf.subarray(8 + headerLen, 4 + length);
  let header = null;
  if (serializeType === 0) {
    try { header = JSON.parse(headerBuf.toString('utf8')); } catch (e) { header = { parseError: e.message, raw: headerBuf.toString('utf8') }; }
  } else if (serializeType === 1) {
    header = decodeRocketMqHeader(headerBuf);
  }
  return { length, serializeType, headerLen, header, body, raw: buf };
}

/** ROCKETMQ binary header (§1), for captures/summaries. */
function decodeRocketMqHeader(b) {
  let p = 0;
  const code = b.readInt16BE(p); p += 2;
  const language = b.readUInt8(p); p += 1;
  const version = b.readInt16BE(p); p += 2;
  const opaque = b.readInt32BE(p); p += 4;
  const flag = b.readInt32BE(p); p += 4;
  const remarkLen = b.readInt32BE(p); p += 4;
  const remark = remarkLen > 0 ? b.toString('utf8', p, p + remarkLen) : undefined; p += Math.max(0, remarkLen);
  const extLen = b.readInt32BE(p); p += 4;
  const end = p + extLen;
  const extFields = {};
  while (p < end) {
    const kl = b.readInt16BE(p); p += 2;
    const k = b.toString('utf8', p, p + kl); p += kl;
    const vl = b.readInt32BE(p); p += 4;
    extFields[k] = b.toString('utf8', p, p + vl); p += vl;
  }
  return { code, language, version, opaque, flag, remark, extFields, binary: true };
}

/** Incremental splitter of a byte stream into frames. */
class FrameSplitter {
  constructor(maxFrame = 64 * 1024 * 1024) { this.buf = Buffer.alloc(0); this.maxFrame = maxFrame; }
  push(chunk) {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    const frames = [];
    while (this.buf.length >= 4) {
      const len = this.buf.readInt32BE(0);
      if (len < 4 || len > this.maxFrame) throw new Error(`bad frame length ${len}`);
      if (this.buf.length < 4 + len) break;
      frames.push(Buffer.from(this.buf.subarray(0, 4 + len)));
      this.buf = this.buf.subarray(4 + len);
    }
    return frames;
  }
}

class RawClient {
  constructor(socket) {
    this.socket = socket;
    this.pending = new Map();
    this.splitter = new FrameSplitter();
    this.closed = false;
    this.serverRequests = [];
    socket.on('data', chunk => {
      let frames;
      try { frames = this.splitter.push(chunk); } catch (e) { socket.destroy(e); return; }
      for (const f of frames) {
        const cmd = decodeFrame(f);
        const h = cmd.header || {};
        if ((h.flag & 1) === 1) {
          const p = this.pending.get(h.opaque);
          if (p) { this.pending.delete(h.opaque); p.resolve(cmd); }
        } else {
          this.serverRequests.push(cmd); // broker -> client requests (e.g. 40) are ignored
        }
      }
    });
    const fail = err => {
      this.closed = true;
      for (const p of this.pending.values()) p.reject(err || new Error('connection closed'));
      this.pending.clear();
    };
    socket.on('error', fail);
    socket.on('close', () => fail(new Error('connection closed by peer')));
  }

  static connect(addr, timeoutMs = 5000) {
    const [host, port] = splitAddr(addr);
    return new Promise((resolve, reject) => {
      const s = net.connect({ host, port });
      const t = setTimeout(() => { s.destroy(); reject(new Error(`connect ${addr} timed out`)); }, timeoutMs);
      s.once('connect', () => { clearTimeout(t); s.setNoDelay(true); resolve(new RawClient(s)); });
      s.once('error', e => { clearTimeout(t); reject(e); });
    });
  }

  /** Send a request and wait for the response with the same opaque. */
  request(cmd, timeoutMs = 10000) {
    const opaque = cmd.opaque ?? nextOpaque();
    const frame = encodeFrame({ ...cmd, opaque });
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => {
        this.pending.delete(opaque);
        reject(new Error(`request code ${cmd.code} opaque ${opaque}: no response within ${timeoutMs}ms`));
      }, timeoutMs);
      this.pending.set(opaque, {
        resolve: r => { clearTimeout(t); resolve(r); },
        reject: e => { clearTimeout(t); reject(e); },
      });
      this.socket.write(frame);
    });
  }

  oneway(cmd) {
    this.socket.write(encodeFrame({ ...cmd, flag: 2 }));
  }

  close() {
    return new Promise(resolve => {
      if (this.socket.destroyed) return resolve();
      this.socket.once('close', resolve);
      this.socket.end();
      setTimeout(() => { this.socket.destroy(); }, 1000).unref();
    });
  }
}

function splitAddr(addr) {
  const i = addr.lastIndexOf(':');
  return [addr.slice(0, i), Number(addr.slice(i + 1))];
}

/** Properties string: key \u0001 value \u0002 ... (Java style: no trailing \u0002). */
function propertiesToString(props) {
  return Object.entries(props).map(([k, v]) => `${k}\u0001${v}`).join('\u0002');
}

function stringToProperties(s) {
  const out = {};
  for (const seg of s.split('\u0002')) {
    const i = seg.indexOf('\u0001');
    if (i > 0) out[seg.slice(0, i)] = seg.slice(i + 1);
  }
  return out;
}

/**
 * SEND_BATCH_MESSAGE body (§5): per message
 * TOTALSIZE | MAGIC(0) | BODYCRC(0) | FLAG | BODYLEN | BODY | PROPLEN(int16) | PROPS
 */
function encodeBatchBody(messages) {
  const parts = messages.map(m => {
    const body = Buffer.from(m.body);
    const props = Buffer.from(propertiesToString(m.properties || {}), 'utf8');
    const total = 4 + 4 + 4 + 4 + 4 + body.length + 2 + props.length;
    const b = Buffer.alloc(total);
    let p = 0;
    b.writeInt32BE(total, p); p += 4;
    b.writeInt32BE(0, p); p += 4; // MAGICCODE
    b.writeInt32BE(0, p); p += 4; // BODYCRC
    b.writeInt32BE(m.flag || 0, p); p += 4;
    b.writeInt32BE(body.length, p); p += 4;
    body.copy(b, p); p += body.length;
    b.writeInt16BE(props.length, p); p += 2;
    props.copy(b, p);
    return b;
  });
  return Buffer.concat(parts);
}

/** Decode pulled/stored messages (§5), IPv4/IPv6 hosts supported. */
function decodeStoredMessages(buf) {
  const out = [];
  let p = 0;
  while (p + 4 <= buf.length) {
    const total = buf.readInt32BE(p);
    if (total <= 0 || p + total > buf.length) break;
    const r = buf.subarray(p, p + total);
    let q = 4;
    const m = {};
    m.magic = r.readInt32BE(q); q += 4;
    m.bodyCrc = r.readInt32BE(q); q += 4;
    m.queueId = r.readInt32BE(q); q += 4;
    m.flag = r.readInt32BE(q); q += 4;
    m.queueOffset = Number(r.readBigInt64BE(q)); q += 8;
    m.commitLogOffset = r.readBigInt64BE(q); q += 8;
    m.sysFlag = r.readInt32BE(q); q += 4;
    m.bornTimestamp = Number(r.readBigInt64BE(q)); q += 8;
    const bornLen = (m.sysFlag & 0x10) ? 16 : 4;
    m.bornHost = r.subarray(q, q + bornLen); q += bornLen; m.bornPort = r.readInt32BE(q); q += 4;
    m.storeTimestamp = Number(r.readBigInt64BE(q)); q += 8;
    const storeLen = (m.sysFlag & 0x20) ? 16 : 4;
    const storeHost = r.subarray(q, q + storeLen); q += storeLen; const storePort = r.readInt32BE(q); q += 4;
    m.reconsumeTimes = r.readInt32BE(q); q += 4;
    m.preparedTransactionOffset = r.readBigInt64BE(q); q += 8;
    const bodyLen = r.readInt32BE(q); q += 4;
    m.body = r.subarray(q, q + bodyLen); q += bodyLen;
    const topicLen = r.readInt8(q); q += 1;
    m.topic = r.toString('utf8', q, q + topicLen); q += topicLen;
    const propLen = r.readInt16BE(q); q += 2;
    m.properties = stringToProperties(r.toString('utf8', q, q + propLen));
    const idBuf = Buffer.alloc(storeLen + 4 + 8);
    storeHost.copy(idBuf, 0); idBuf.writeInt32BE(storePort, storeLen); idBuf.writeBigInt64BE(m.commitLogOffset, storeLen + 4);
    m.offsetMsgId = idBuf.toString('hex').toUpperCase();
    out.push(m);
    p += total;
  }
  return out;
}

/**
 * A client msgId (UNIQ_KEY) in the Java layout (§5): IPv4 127.0.0.1 + pid(int16) +
 * classloader hash(int32) + ms since start of month(int32) + counter(int16) = 32 hex chars.
 */
let uniqCounter = 0;
const uniqPrefix = (() => {
  const b = Buffer.alloc(10);
  b.writeUInt32BE(0x7f000001, 0);
  b.writeUInt16BE(process.pid & 0xffff, 4);
  b.writeInt32BE(crypto.randomBytes(4).readInt32BE(0), 6);
  return b;
})();
function uniqKey() {
  const now = new Date();
  const monthStart = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
  const b = Buffer.alloc(16);
  uniqPrefix.copy(b, 0);
  b.writeInt32BE((Date.now() - monthStart) | 0, 10);
  b.writeUInt16BE(uniqCounter++ & 0xffff, 14);
  return b.toString('hex').toUpperCase();
}

/** Java String.hashCode (tag hash codes). */
function javaHashCode(s) {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return h;
}

module.exports = {
  FRAME_MAX, RequestCode, encodeFrame, decodeFrame, decodeRocketMqHeader, FrameSplitter, RawClient,
  propertiesToString, stringToProperties, encodeBatchBody, decodeStoredMessages, uniqKey, javaHashCode,
  splitAddr, nextOpaque,
};
