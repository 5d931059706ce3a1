/** One watched bucket's write or delete volume metric, as the alarms and the dashboard read it. */
export interface BucketVolumeMetric {
  readonly bucket: string;
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Readonly<Record<string, string>>;
  /** The anomaly-detection alarm on this metric, when there is one. */
  readonly alarmArn?: string;
}
