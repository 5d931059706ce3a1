/**
 * The trail's log group name, `/aws/cloudtrail/<trailName>`. Apart from the log group construct: the
 * naming convention (stacks/resource-names.ts) is read by validation, which should load no cdktf.
 */
export function trailLogGroupName(trailName: string): string {
  return `/aws/cloudtrail/${trailName}`;
}
