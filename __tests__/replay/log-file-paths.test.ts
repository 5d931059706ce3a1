/** Which files replay reads from the files and folders on its command line. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LogPathError, selectLogFiles } from '../../scripts/lib/replay/log-file-paths';

let folder: string;
const touch = (relative: string) => {
  mkdirSync(path.dirname(path.join(folder, relative)), { recursive: true });
  writeFileSync(path.join(folder, relative), '');
};

beforeAll(() => {
  folder = mkdtempSync(path.join(tmpdir(), 'log-file-paths-'));
  touch('AWSLogs/123456789012/CloudTrail/eu-west-1/2026/11/20/123456789012_CloudTrail_eu-west-1_20261120T1405Z_a.json.gz');
  touch('AWSLogs/123456789012/CloudTrail/eu-west-1/2026/11/20/123456789012_CloudTrail_eu-west-1_20261120T1400Z_b.json.gz');
  touch('AWSLogs/123456789012/CloudTrail-Digest/eu-west-1/2026/11/20/123456789012_CloudTrail-Digest_eu-west-1_x_20261120T1500Z.json.gz');
  touch('exported/events.json');
  touch('exported/README.md');
  touch('downloaded-without-extension');
  mkdirSync(path.join(folder, 'empty'));
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('selectLogFiles', () => {
  test('GIVEN a folder as aws s3 sync leaves it WHEN selected THEN its log files, sorted, digest files left out and counted', () => {
    const { files, digestFilesLeftOut } = selectLogFiles(['AWSLogs'], folder);
    expect(files.map((file) => path.basename(file))).toEqual([
      '123456789012_CloudTrail_eu-west-1_20261120T1400Z_b.json.gz',
      '123456789012_CloudTrail_eu-west-1_20261120T1405Z_a.json.gz',
    ]);
    expect(digestFilesLeftOut).toBe(1);
  });

  test('GIVEN a folder with .json and other files WHEN selected THEN only the .json ones', () => {
    expect(selectLogFiles(['exported'], folder).files.map((file) => path.basename(file))).toEqual(['events.json']);
  });

  test('GIVEN a file named on the command line WHEN selected THEN it is read whatever its name, once however often named', () => {
    const { files } = selectLogFiles(['downloaded-without-extension', path.join(folder, 'downloaded-without-extension')], folder);
    expect(files).toEqual([path.join(folder, 'downloaded-without-extension')]);
  });

  test.each([
    ['nowhere', 'nowhere: no such file or folder'],
    ['empty', 'empty: no .json or .json.gz log files in this folder'],
  ])('GIVEN %s WHEN selected THEN it is refused: %s', (given, message) => {
    expect(() => selectLogFiles([given], folder)).toThrow(new LogPathError(message));
  });
});
