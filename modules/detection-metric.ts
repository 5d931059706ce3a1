/** The metric one detection's filter emits, as the dashboard graphs it. */
export interface DetectionMetric {
  /** The detection's id, the graph's label. */
  readonly id: string;
  readonly namespace: string;
  readonly metricName: string;
}
