/** CloudWatch Logs refuses a metric filter pattern longer than this (PutMetricFilter, filterPattern). */
export const MAX_FILTER_PATTERN_LENGTH = 1024;

/** CloudWatch Logs associates at most this many metric filters with one log group (PutMetricFilter). */
export const MAX_METRIC_FILTERS_PER_LOG_GROUP = 100;
