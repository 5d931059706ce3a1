/** S3's lifecycle `Days` is a 32-bit integer in the S3 API model (and in the provider's schema). */
export const MAX_LIFECYCLE_DAYS = 2_147_483_647;

/** What a lifecycle day count may be, as the environment schema and the module's validations say it. */
export const LIFECYCLE_DAYS_EXPECTED = `a whole number of days from 1 to ${MAX_LIFECYCLE_DAYS}`;
