/**
 * The synthesized patterns replay, verify:patterns and docs:detections read come from a stack built
 * in memory: building it must leave nothing in the system's temporary folder (cdktf's Testing.app()
 * alone leaves an empty cdktf.outdir.* folder behind on every call).
 */
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { synthesizedDetections } from '../../scripts/lib/synthesized-patterns';
import { FIXTURE_ENVIRONMENT, FIXTURE_REFERENCES } from '../fixtures/cloudtrail/environment';

test('GIVEN an environment WHEN its detections are synthesized THEN the temporary folder holds nothing more than before', () => {
  const before = readdirSync(tmpdir()).sort();
  const detections = synthesizedDetections(FIXTURE_ENVIRONMENT, FIXTURE_REFERENCES);
  expect(detections.map((detection) => detection.id)).toContain('s3-object-deletions');
  expect(readdirSync(tmpdir()).sort()).toEqual(before);
});
