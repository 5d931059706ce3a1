import { CloudTrailClient, GetEventSelectorsCommand } from '@aws-sdk/client-cloudtrail';
import { CloudWatchLogsClient, DescribeMetricFiltersCommand } from '@aws-sdk/client-cloudwatch-logs';
import { AppliedExample, applyExample, createControlTowerLogGroup, secondPlan } from '../support/applied-example';

/**
 * GIVEN examples/alongside-control-tower.json, and a management account whose Control Tower trail
 * delivers to aws-controltower/CloudTrailLogs WHEN its stacks are applied THEN both converge, the
 * management-event detections read Control Tower's group, and the new trail records data events only.
 */
describe('the example beside Control Tower, applied', () => {
  let applied: AppliedExample;
  beforeAll(async () => {
    applied = await applyExample('alongside-control-tower.json', createControlTowerLogGroup);
  }, 900_000);
  afterAll(() => applied?.dispose());

  test.each(['archive', 'trail'] as const)('THEN a second plan of the %s stack changes nothing', async (which) => {
    expect(await secondPlan(applied[which])).toEqual({ code: 0, changes: '' });
  }, 300_000);

  test("THEN the trail's only selector records S3 data events, and Control Tower's group carries the management-event filters", async () => {
    const cloudtrail = new CloudTrailClient(applied.trail.emulator.sdkConfig());
    const logs = new CloudWatchLogsClient(applied.trail.emulator.sdkConfig());
    try {
      const { AdvancedEventSelectors } = await cloudtrail.send(new GetEventSelectorsCommand({ TrailName: applied.trail.outputs.trail_arn }));
      expect(AdvancedEventSelectors?.map((selector) => selector.FieldSelectors?.find((field) => field.Field === 'eventCategory')?.Equals)).toEqual([['Data']]);
      const { metricFilters } = await logs.send(new DescribeMetricFiltersCommand({ logGroupName: 'aws-controltower/CloudTrailLogs', filterNamePrefix: 'acme-ct-' }));
      expect(metricFilters?.map((filter) => filter.filterName)).toEqual(expect.arrayContaining(['acme-ct-cis-root-account-usage', 'acme-ct-trail-tampering']));
      expect(metricFilters?.map((filter) => filter.filterName)).not.toContain('acme-ct-s3-object-deletions');
    } finally {
      cloudtrail.destroy();
      logs.destroy();
    }
  }, 120_000);
});
