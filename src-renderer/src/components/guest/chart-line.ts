// One line of a UPlotChart.
export interface ChartLine {
  label: string;
  color: string;
  /** 'left' or 'right' y axis. */
  scale: 'left' | 'right';
  values: (number | null)[];
  /** How a value reads in the legend (e.g. "12.5 %"). */
  format: (v: number) => string;
}
