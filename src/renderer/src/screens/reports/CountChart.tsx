import { BarChart, type BarChartSeries } from '@mantine/charts';
import { countAxis } from '../../../../shared/chart-axis';

/**
 * A bar chart of counts. It is one image to assistive technology, named by `label` and pointing at
 * the table (`tableId`) that holds the same numbers; nothing inside it takes focus. The count
 * axis is in whole numbers and the legend lists the series in the order the bars are drawn.
 */
export function CountChart({
  label,
  tableId,
  data,
  dataKey,
  series,
  type,
  h = 220,
  valueFormatter,
}: {
  label: string;
  tableId: string;
  data: Record<string, string | number>[];
  dataKey: string;
  series: BarChartSeries[];
  type?: 'stacked';
  h?: number;
  /** How a count is written on the axis (the language's number format). */
  valueFormatter?: (value: number) => string;
}) {
  const max = Math.max(0, ...data.map((row) => (type === 'stacked' ? series.reduce((sum, s) => sum + Number(row[s.name] ?? 0), 0) : Math.max(0, ...series.map((s) => Number(row[s.name] ?? 0))))));
  const axis = countAxis(max);
  return (
    <div role="img" aria-label={label} aria-details={tableId}>
      <BarChart
        h={h}
        data={data}
        dataKey={dataKey}
        type={type}
        series={series}
        withLegend={series.length > 1}
        legendProps={{ itemSorter: null }}
        tickLine="y"
        maxBarWidth={48}
        accessibilityLayer={false}
        withTooltip={false}
        valueFormatter={valueFormatter}
        yAxisProps={{ domain: axis.domain, ticks: axis.ticks, allowDecimals: false }}
      />
    </div>
  );
}
