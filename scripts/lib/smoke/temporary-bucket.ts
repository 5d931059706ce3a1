/**
 * The bucket a run writes its test object to when the environment watches every bucket: created
 * for the run, so no real data is touched, and removed as soon as the object is deleted.
 */
import { type BucketLocationConstraint, CreateBucketCommand, DeleteBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import { deleteAllVersions } from './bucket-cleanup';

/** `<prefix>-<env>-smoke-<8 hex>`: at most 53 characters, well inside S3's 63. */
export function temporaryBucketName(alarmNamePrefix: string, randomHex: string): string {
  return `${alarmNamePrefix}-smoke-${randomHex}`;
}

export async function createTemporaryBucket(s3: Pick<S3Client, 'send'>, name: string, region: string): Promise<void> {
  await s3.send(
    new CreateBucketCommand({
      Bucket: name,
      // us-east-1 is S3's default location and refuses to be named as a constraint.
      ...(region !== 'us-east-1' && { CreateBucketConfiguration: { LocationConstraint: region as BucketLocationConstraint } }),
    }),
  );
}

/** Empties and deletes the bucket. */
export async function removeTemporaryBucket(s3: Pick<S3Client, 'send'>, name: string): Promise<void> {
  await deleteAllVersions(s3, name);
  await s3.send(new DeleteBucketCommand({ Bucket: name }));
}
