/** Removing what a smoke run wrote: every version of its test object, or everything in a bucket it removes. */
import { DeleteObjectsCommand, ListObjectVersionsCommand, type S3Client } from '@aws-sdk/client-s3';

/** DeleteObjects takes at most this many keys per call. */
const MAX_KEYS_PER_DELETE = 1000;
/** A bound on the listing, far above what a sandbox log bucket holds. */
const MAX_LISTING_PAGES = 10_000;

interface VersionToDelete {
  readonly Key: string;
  readonly VersionId?: string;
}

/**
 * Deletes every version and delete marker under `prefix` (a whole bucket when empty), so a
 * versioned bucket keeps nothing of it. Returns how many were deleted; throws naming what was left.
 */
export async function deleteAllVersions(s3: Pick<S3Client, 'send'>, bucket: string, prefix = ''): Promise<number> {
  let deleted = 0;
  let keyMarker: string | undefined;
  let versionIdMarker: string | undefined;
  for (let page = 0; page < MAX_LISTING_PAGES; page++) {
    const listing = await s3.send(
      new ListObjectVersionsCommand({ Bucket: bucket, Prefix: prefix || undefined, KeyMarker: keyMarker, VersionIdMarker: versionIdMarker }),
    );
    const versions: VersionToDelete[] = [...(listing.Versions ?? []), ...(listing.DeleteMarkers ?? [])]
      .filter((entry) => entry.Key !== undefined)
      .map((entry) => ({ Key: entry.Key!, ...(entry.VersionId && { VersionId: entry.VersionId }) }));
    for (let start = 0; start < versions.length; start += MAX_KEYS_PER_DELETE) {
      const batch = versions.slice(start, start + MAX_KEYS_PER_DELETE);
      const response = await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: batch, Quiet: true } }));
      const errors = response.Errors ?? [];
      if (errors.length > 0) {
        const first = errors[0];
        throw new Error(`could not delete ${errors.length} object version(s) in ${bucket}, e.g. ${first.Key}: ${first.Code} ${first.Message ?? ''}`.trim());
      }
      deleted += batch.length;
    }
    if (!listing.IsTruncated) return deleted;
    keyMarker = listing.NextKeyMarker;
    versionIdMarker = listing.NextVersionIdMarker;
  }
  throw new Error(`${bucket} still lists object versions after ${MAX_LISTING_PAGES} pages; empty it yourself`);
}
