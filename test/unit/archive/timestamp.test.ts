import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FIXED_EPOCH, createdOnText, dosDateTime, resolveTimestamp } from '../../../src/archive/timestamp.ts';

test('without SOURCE_DATE_EPOCH or --created-on the time is fixed at 1980-01-01', () => {
  assert.deepEqual(resolveTimestamp(undefined, {}), { seconds: FIXED_EPOCH, source: 'fixed' });
  assert.equal(createdOnText(FIXED_EPOCH), '01/01/1980 00:00:00');
  assert.deepEqual(dosDateTime(FIXED_EPOCH), { date: 0x21, time: 0 });
});

test('SOURCE_DATE_EPOCH is honoured, rounded down to even seconds, clamped to the zip range', () => {
  assert.deepEqual(resolveTimestamp(undefined, { SOURCE_DATE_EPOCH: '1742210457' }), {
    seconds: 1742210456,
    source: 'SOURCE_DATE_EPOCH',
  });
  assert.equal(createdOnText(1742210456), '17/03/2025 11:20:56');
  assert.equal(resolveTimestamp(undefined, { SOURCE_DATE_EPOCH: '0' }).seconds, FIXED_EPOCH);
  assert.throws(
    () => resolveTimestamp(undefined, { SOURCE_DATE_EPOCH: 'yesterday' }),
    /SOURCE_DATE_EPOCH is 'yesterday'/,
  );
});

test('--created-on takes now, epoch seconds or ISO 8601 and wins over SOURCE_DATE_EPOCH', () => {
  const env = { SOURCE_DATE_EPOCH: '1742210457' };
  assert.deepEqual(
    resolveTimestamp('now', env, () => 1_800_000_001_000),
    { seconds: 1_800_000_000, source: '--created-on' },
  );
  assert.equal(resolveTimestamp('2025-03-17T11:20:57Z', env).seconds, 1742210456);
  assert.equal(resolveTimestamp('1742210458', env).seconds, 1742210458);
  assert.throws(() => resolveTimestamp('last tuesday', env), /--created-on: 'last tuesday' is not a time/);
});

test('DOS date and time fields are UTC', () => {
  const { date, time } = dosDateTime(Date.UTC(2025, 2, 17, 11, 20, 56) / 1000);
  assert.equal(date, ((2025 - 1980) << 9) | (3 << 5) | 17);
  assert.equal(time, (11 << 11) | (20 << 5) | 28);
});
