// Writes the Avro container files the Avro tests read (tests/Basin.Tests/Fixtures/avro), with a
// real Avro writer (avsc) and, for the snappy file, snappyjs plus the CRC-32 the Avro spec asks
// for. To regenerate: copy this script into a scratch folder, run
// `npm install avsc@5.7.9 snappyjs@0.7.0` there, then `node make-avro-fixtures.mjs <out-dir>`.
import avro from 'avsc';
import snappy from 'snappyjs';
import zlib from 'node:zlib';
import fs from 'node:fs';

const out = process.argv[2];
const schema = {
  type: 'record', name: 'Order', namespace: 'shop', fields: [
    { name: 'id', type: 'long' },
    { name: 'customer', type: 'string' },
    { name: 'qty', type: 'int' },
    { name: 'price', type: { type: 'bytes', logicalType: 'decimal', precision: 10, scale: 2 } },
    { name: 'ratio', type: 'double' },
    { name: 'score', type: 'float' },
    { name: 'paid', type: 'boolean' },
    { name: 'note', type: ['null', 'string'], default: null },
    { name: 'status', type: { type: 'enum', name: 'Status', symbols: ['NEW', 'SHIPPED'] } },
    { name: 'tags', type: { type: 'array', items: 'string' } },
    { name: 'attrs', type: { type: 'map', values: 'int' } },
    { name: 'address', type: { type: 'record', name: 'Address', fields: [{ name: 'city', type: 'string' }, { name: 'zip', type: 'int' }] } },
    { name: 'day', type: { type: 'int', logicalType: 'date' } },
    { name: 'at', type: { type: 'long', logicalType: 'timestamp-millis' } },
  ],
};

// Decimal bytes: the big-endian two's-complement unscaled value.
function decimal(unscaled) {
  let hex = BigInt.asUintN(64, BigInt(unscaled)).toString(16).padStart(16, '0');
  let bytes = Buffer.from(hex, 'hex');
  while (bytes.length > 1 && ((bytes[0] === 0 && (bytes[1] & 0x80) === 0) || (bytes[0] === 0xff && (bytes[1] & 0x80) !== 0))) bytes = bytes.subarray(1);
  return bytes;
}

const rows = [];
for (let i = 0; i < 2500; i++) {
  rows.push({
    id: i, customer: 'c' + (i % 7), qty: i % 5, price: decimal(i % 3 === 0 ? -(i * 101) : i * 101), ratio: i / 4, score: 0.5,
    paid: i % 2 === 0, note: i % 3 === 0 ? null : 'n' + i, status: i % 4 === 0 ? 'SHIPPED' : 'NEW',
    tags: i % 10 === 0 ? [] : ['t' + (i % 3), 'x'], attrs: { k: i }, address: { city: i % 2 ? 'Oslo' : 'Rome', zip: 1000 + i },
    day: 19723 + (i % 30), at: 1704164645000 + i * 1000,
  });
}

// Given the schema itself (not a type), avsc writes it to the header as is, logical types included.
const crc32 = (buf) => zlib.crc32(buf);
const codecs = {
  null: (buf, cb) => cb(null, buf),
  deflate: (buf, cb) => zlib.deflateRaw(buf, cb),
  snappy: (buf, cb) => {
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(buf));
    cb(null, Buffer.concat([Buffer.from(snappy.compress(buf)), crc]));
  },
};

for (const codec of ['null', 'deflate', 'snappy']) {
  await new Promise((resolve, reject) => {
    const encoder = new avro.streams.BlockEncoder(schema, { codec, codecs, blockSize: 16384 });
    const file = fs.createWriteStream(`${out}/orders-${codec}.avro`);
    encoder.pipe(file).on('finish', resolve).on('error', reject);
    for (const row of rows) encoder.write(row);
    encoder.end();
  });
}
console.log('written to', out);
