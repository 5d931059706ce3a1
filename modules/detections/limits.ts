/** CloudWatch Logs refuses a metric filter pattern longer than this (PutMetricFilter, filterPattern). */
export const MAX_FILTER_PATTERN_LENGTH = 1024;
