/** Latency charts of the endpoint detail page (loaded lazily: recharts is the largest dependency). */
import { CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Scatter, Tooltip, XAxis, YAxis } from 'recharts';
import type { HealthCheckDTO, RequestLogDTO } from '../../src-main/admin/types';
import { fmtMs, fmtTime } from '../lib/format';

const AXIS_PROPS = { tickLine: false, fontSize: 11 } as const;

/** Time axis shared by both charts. */
function TimeAxis() {
  return (
    <XAxis
      dataKey="t"
      type="number"
      scale="time"
      domain={['dataMin', 'dataMax']}
      tickFormatter={(t: number) => fmtTime(t)}
      minTickGap={40}
      {...AXIS_PROPS}
    />
  );
}

function MsAxis() {
  return <YAxis width={56} tickFormatter={(v: number) => fmtMs(v)} allowDecimals={false} {...AXIS_PROPS} />;
}

const tooltipLabel = (t: unknown): string => (typeof t === 'number' ? fmtTime(t) : '');
const tooltipValue = (v: unknown): string => (typeof v === 'number' ? fmtMs(v) : '—');

/** Health check latency over time; failed checks are red marks on the baseline. */
export function HealthChart({ checks }: { checks: readonly HealthCheckDTO[] }) {
  const data = [...checks]
    .map((c) => ({ t: Date.parse(c.checked_at), latency: c.success ? c.latency_ms : null, failed: c.success ? null : 0 }))
    .filter((d) => Number.isFinite(d.t))
    .sort((a, b) => a.t - b.t);
  const points = data.filter((d) => d.latency !== null).length;
  return (
    <div className="chart" data-testid="health-chart" data-points={points} role="img" aria-label={`Health check latency, ${data.length} checks`}>
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={data} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
          <CartesianGrid vertical={false} />
          <TimeAxis />
          <MsAxis />
          <Tooltip labelFormatter={tooltipLabel} formatter={tooltipValue} />
          <Legend iconSize={10} />
          <Line
            name="check latency"
            dataKey="latency"
            stroke="var(--chart-1)"
            strokeWidth={2}
            dot={{ r: 2.5, fill: 'var(--chart-1)', strokeWidth: 0 }}
            connectNulls={false}
            isAnimationActive={false}
          />
          <Scatter name="failed check" dataKey="failed" fill="var(--chart-fail)" shape="cross" isAnimationActive={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}

/** Request latency and time to first token of recent requests. */
export function RequestChart({ requests }: { requests: readonly RequestLogDTO[] }) {
  const data = [...requests]
    .map((r) => ({ t: Date.parse(r.at), latency: r.latency_ms, ttft: r.ttft_ms }))
    .filter((d) => Number.isFinite(d.t))
    .sort((a, b) => a.t - b.t);
  return (
    <div className="chart" data-testid="request-chart" data-points={data.length} role="img" aria-label={`Request latency and time to first token, ${data.length} requests`}>
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={data} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
          <CartesianGrid vertical={false} />
          <TimeAxis />
          <MsAxis />
          <Tooltip labelFormatter={tooltipLabel} formatter={tooltipValue} />
          <Legend iconSize={10} />
          <Line name="latency" dataKey="latency" stroke="var(--chart-1)" strokeWidth={2} dot={{ r: 2.5, fill: 'var(--chart-1)', strokeWidth: 0 }} isAnimationActive={false} />
          <Line
            name="time to first token"
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
