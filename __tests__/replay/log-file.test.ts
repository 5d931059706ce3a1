/**
 * Reading CloudTrail log files as CloudTrail writes them to S3 ({"Records": [...]}, gzip or plain),
 * record by record, and refusing, with a reason, anything that is not such a file, complete.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { readLogFile, RecordsScanner, TopLevelStrings, UnreadableLogFile } from '../../scripts/lib/replay/cloudtrail-log-file';
import { cloudTrailLogText, writeCloudTrailLogFile } from '../../scripts/lib/replay/log-file-writer';

let folder: string;
beforeAll(() => {
  folder = mkdtempSync(path.join(tmpdir(), 'replay-log-file-'));
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const records = [
  { eventName: 'DeleteObject', eventTime: '2026-11-20T10:00:00Z', requestParameters: { key: 'a "quoted" {brace} [bracket] \\ key' } },
  { eventName: 'GetObject', eventTime: '2026-11-20T10:00:01Z', resources: [{ ARN: 'arn:aws:s3:::b/x' }], readOnly: true },
  { eventName: 'Caf\u00e9\u2603', eventTime: '2026-11-20T10:00:02Z', userIdentity: { eventName: 'nested, not top level' } },
];

async function read(file: string, fields: string[] = []): Promise<{ texts: string[]; topLevel: TopLevelStrings[]; count: number }> {
  const texts: string[] = [];
  const topLevel: TopLevelStrings[] = [];
  const count = await readLogFile(file, (text, values) => {
    texts.push(text);
    topLevel.push(values);
  }, fields);
  return { texts, topLevel, count };
}

async function reason(file: string): Promise<string> {
  const error = await readLogFile(file, () => {}).then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(UnreadableLogFile);
  return (error as UnreadableLogFile).reason;
}

describe('readLogFile', () => {
  test.each(['gzip.json.gz', 'plain.json'])('GIVEN a %s log file WHEN read THEN every record comes out as its own JSON text, in order', async (name) => {
    const file = writeCloudTrailLogFile(path.join(folder, name), records);
    const { texts, count } = await read(file);
    expect(count).toBe(3);
    expect(texts.map((text) => JSON.parse(text))).toEqual(records);
  });

  test('GIVEN a gzip file without the .gz name WHEN read THEN it is still decompressed', async () => {
    const file = path.join(folder, 'downloaded');
    writeFileSync(file, gzipSync(cloudTrailLogText(records)));
    expect((await read(file)).count).toBe(3);
  });

  test('GIVEN top-level fields asked for WHEN read THEN their string values come with each record, nested keys of the same name ignored', async () => {
    const file = writeCloudTrailLogFile(path.join(folder, 'fields.json.gz'), [...records, { eventName: 7, errorCode: 'AccessDenied' }]);
    const { topLevel } = await read(file, ['eventName', 'errorCode', 'readOnly']);
    expect(topLevel).toEqual([
      { eventName: 'DeleteObject' },
      { eventName: 'GetObject', readOnly: null },
      { eventName: 'Caf\u00e9\u2603' },
      { eventName: null, errorCode: 'AccessDenied' },
    ]);
  });

  test('GIVEN an empty Records array WHEN read THEN there are no records and no error', async () => {
    const file = writeCloudTrailLogFile(path.join(folder, 'empty.json.gz'), []);
    expect((await read(file)).count).toBe(0);
  });

  test('GIVEN a file saved with a byte order mark WHEN read THEN it is read', async () => {
    const file = path.join(folder, 'bom.json');
    writeFileSync(file, `\ufeff${cloudTrailLogText(records)}`);
    expect((await read(file)).count).toBe(3);
  });

  test('GIVEN a gzip file cut short WHEN read THEN it is refused as an incomplete gzip file', async () => {
    const whole = gzipSync(cloudTrailLogText(records));
    const file = path.join(folder, 'truncated.json.gz');
    writeFileSync(file, whole.subarray(0, Math.floor(whole.length / 2)));
    expect(await reason(file)).toMatch(/^not a complete gzip file/);
  });

  test('GIVEN gzip magic followed by garbage WHEN read THEN it is refused as an incomplete gzip file', async () => {
    const file = path.join(folder, 'garbage.json.gz');
    writeFileSync(file, Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0xde, 0xad, 0xbe, 0xef, 0x00, 0x00, 0x01, 0x02]));
    expect(await reason(file)).toMatch(/^not a complete gzip file/);
  });

  test.each([
    ['not JSON at all', 'this is not JSON', /^not a JSON object/],
    ['an array of records', JSON.stringify(records), /^not a JSON object/],
    ['no Records array', JSON.stringify({ Events: records }), /no "Records" array/],
    ['Records holding strings', JSON.stringify({ Records: ['a', 'b'] }), /holds something other than JSON objects/],
    ['the JSON cut short', cloudTrailLogText(records).slice(0, 150), /^truncated/],
    ['text after the JSON', `${cloudTrailLogText(records)} {}`, /text after the end/],
    ['an empty file', '', /^empty file/],
  ])('GIVEN a plain file with %s WHEN read THEN it is refused with the reason', async (_what, content, expected) => {
    const file = path.join(folder, `bad-${_what.replace(/\W/g, '-')}.json`);
    writeFileSync(file, content);
    expect(await reason(file)).toMatch(expected);
  });

  test('GIVEN a file that does not exist WHEN read THEN it is refused as unreadable', async () => {
    expect(await reason(path.join(folder, 'missing.json.gz'))).toMatch(/cannot be read \(ENOENT\)/);
  });
});

describe('RecordsScanner', () => {
  test('GIVEN the text in pieces of one character WHEN scanned THEN the records and top-level strings are the same as in one piece', () => {
    const text = cloudTrailLogText(records);
    const whole: [string, TopLevelStrings][] = [];
    const scanner = new RecordsScanner((record, values) => whole.push([record, values]), ['eventName']);
    scanner.push(text);
    scanner.end();
    const pieces: [string, TopLevelStrings][] = [];
    const piecewise = new RecordsScanner((record, values) => pieces.push([record, values]), ['eventName']);
    for (const character of text) piecewise.push(character);
    piecewise.end();
    expect(pieces).toEqual(whole);
    expect(whole).toHaveLength(3);
  });

  test('GIVEN escaped quotes and backslashes in top-level strings WHEN the text is cut at every point THEN their values are read exactly', () => {
    const odd = [{ eventName: 'Odd\\"Name\\\\', eventTime: '\\\\"', x: { eventName: 'nested' } }, { eventName: '\\u0041' }];
    const text = cloudTrailLogText(odd);
    for (let cut = 1; cut < text.length; cut += 1) {
      const values: TopLevelStrings[] = [];
      const scanner = new RecordsScanner((_record, topLevel) => values.push(topLevel), ['eventName', 'eventTime']);
      scanner.push(text.slice(0, cut));
      scanner.push(text.slice(cut));
      scanner.end();
      expect({ cut, values }).toEqual({ cut, values: [{ eventName: odd[0].eventName, eventTime: odd[0].eventTime }, { eventName: odd[1].eventName }] });
    }
  });

  test('GIVEN other top-level members around Records WHEN scanned THEN only the records are handed over', () => {
    const seen: string[] = [];
    const scanner = new RecordsScanner((record) => seen.push(record));
    scanner.push(JSON.stringify({ before: { Records: [{ not: 'this' }] }, Records: [{ a: 1 }], after: [1, 2] }));
    scanner.end();
    expect(seen).toEqual(['{"a":1}']);
  });
});
