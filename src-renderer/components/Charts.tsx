/** Latency charts of the endpoint detail page (loaded lazily: recharts is the largest dependency). */
import { CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Scatter, Tooltip, XAxis, YAxis } from 'recharts';
import type { HealthCheckDTO, RequestLogDTO } from '../../src-main/admin/types';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../i18n';
import { NONE, type Format } from '../lib/format';

const AXIS_PROPS = { tickLine: false, fontSize: 11 } as const;

/** Time axis shared by both charts. */
function TimeAxis() {
  const fmt = useFormat();
  return (
    <XAxis
      dataKey="t"
      type="number"
      scale="time"
      domain={['dataMin', 'dataMax']}
      tickFormatter={(t: number) => fmt.time(t)}
      minTickGap={40}
      {...AXIS_PROPS}
    />
  );
}

function MsAxis() {
  const fmt = useFormat();
  return <YAxis width={64} tickFormatter={(v: number) => fmt.ms(v)} allowDecimals={false} {...AXIS_PROPS} />;
}

/** Tooltip formatters in the active locale. */
function tooltipOf(fmt: Format) {
  return {
    labelFormatter: (t: unknown): string => (typeof t === 'number' ? fmt.time(t) : ''),
    formatter: (v: unknown): string => (typeof v === 'number' ? fmt.ms(v) : NONE),
  };
}

/** Health check latency over time; failed checks are red marks on the baseline. */
export function HealthChart({ checks }: { checks: readonly HealthCheckDTO[] }) {
  const { t } = useTranslation();
  const tooltip = tooltipOf(useFormat());
  const data = [...checks]
    .map((c) => ({ t: Date.parse(c.checked_at), latency: c.success ? c.latency_ms : null, failed: c.success ? null : 0 }))
    .filter((d) => Number.isFinite(d.t))
    .sort((a, b) => a.t - b.t);
  const points = data.filter((d) => d.latency !== null).length;
  return (
    <div className="chart" data-testid="health-chart" data-points={points} role="img" aria-label={t('charts.healthLabel', { count: data.length })}>
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={data} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
          <CartesianGrid vertical={false} />
          <TimeAxis />
          <MsAxis />
          <Tooltip {...tooltip} />
          <Legend iconSize={10} />
          <Line
            name={t('charts.checkLatency')}
            dataKey="latency"
            stroke="var(--chart-1)"
            strokeWidth={2}
            dot={{ r: 2.5, fill: 'var(--chart-1)', strokeWidth: 0 }}
            connectNulls={false}
            isAnimationActive={false}
          />
          <Scatter name={t('charts.failedCheck')} dataKey="failed" fill="var(--chart-fail)" shape="cross" isAnimationActive={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}

/** Request latency and time to first token of recent requests. */
export function RequestChart({ requests }: { requests: readonly RequestLogDTO[] }) {
  const { t } = useTranslation();
  const tooltip = tooltipOf(useFormat());
  const data = [...requests]
    .map((r) => ({ t: Date.parse(r.at), latency: r.latency_ms, ttft: r.ttft_ms }))
    .filter((d) => Number.isFinite(d.t))
    .sort((a, b) => a.t - b.t);
  return (
    <div className="chart" data-testid="request-chart" data-points={data.length} role="img" aria-label={t('charts.requestLabel', { count: data.length })}>
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={data} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
          <CartesianGrid vertical={false} />
          <TimeAxis />
          <MsAxis />
          <Tooltip {...tooltip} />
          <Legend iconSize={10} />
          <Line name={t('charts.latency')} dataKey="latency" stroke="var(--chart-1)" strokeWidth={2} dot={{ r: 2.5, fill: 'var(--chart-1)', strokeWidth: 0 }} isAnimationActive={false} />
          <Line
            name={t('charts.ttft')}
            dataKey="ttft"
            stroke="var(--chart-2)"
            strokeWidth={2}
            strokeDasharray="5 3"
            dot={{ r: 2.5, fill: 'var(--chart-2)', strokeWidth: 0 }}
            connectNulls
            isAnimationActive={false}
          />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
