/** The log lines as a table, oldest first and newest at the bottom, kept scrolled to the end while following. */
import { memo, useLayoutEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { LogEntryDTO } from '../../src-main/admin/types';
import { LevelBadge } from '../components/Badges';
import { CopyButton } from '../components/CopyButton';
import { useFormat } from '../i18n';
import { NONE } from '../lib/format';
import { logDetails } from '../lib/log-entry';
import { hashOf } from '../lib/route';
import { useEndpoints } from '../store';

/** How close to the bottom (px) still counts as "at the end" for auto-scrolling. */
const END_SLACK_PX = 32;

/**
 * The table of `entries`. New lines scroll into view only while `following` and the reader is at the bottom already;
 * a new list (first draw, filter change, refresh) starts at the bottom.
 */
export function LogTable({ entries, following }: { entries: readonly LogEntryDTO[]; following: boolean }) {
  const box = useRef<HTMLDivElement>(null);
  // What was drawn last time: its height (to tell whether the reader was at the bottom) and its newest line.
  const drawn = useRef<{ height: number; last: LogEntryDTO | undefined }>({ height: 0, last: undefined });
  const keyOf = useRowKeys();
  const { t } = useTranslation();
  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    const before = drawn.current;
    // Judged against the height before these rows were added, so it does not depend on scroll events having run.
    const wasAtEnd = before.height - el.scrollTop - el.clientHeight <= END_SLACK_PX;
    const replaced = before.last === undefined || !entries.includes(before.last);
    if (replaced || (following && wasAtEnd)) el.scrollTop = el.scrollHeight;
    drawn.current = { height: el.scrollHeight, last: entries.at(-1) };
  }, [entries, following]);
  return (
    // Focusable so the keyboard can scroll it; named for screen readers.
    <div ref={box} className="log-scroll" tabIndex={0} role="region" aria-label={t('logs.region')} data-testid="log-scroll">
      <table className="table log-table" data-testid="log-table">
        <thead>
          <tr>
            <th scope="col">{t('logs.col.time')}</th>
            <th scope="col">{t('logs.col.level')}</th>
            <th scope="col">{t('logs.col.component')}</th>
            <th scope="col">{t('logs.col.message')}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <LogRow key={keyOf(e)} entry={e} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * Row keys by line object: lines have no id, and their position shifts once the oldest are dropped, so each line
 * object gets a number the first time it is drawn (the store keeps the objects as they are).
 */
function useRowKeys(): (entry: LogEntryDTO) => number {
  const keys = useRef<{ map: WeakMap<LogEntryDTO, number>; next: number }>(null);
  keys.current ??= { map: new WeakMap(), next: 0 };
  const k = keys.current;
  return (entry) => {
    let key = k.map.get(entry);
    if (key === undefined) k.map.set(entry, (key = ++k.next));
    return key;
  };
}

const LogRow = memo(function LogRow({ entry }: { entry: LogEntryDTO }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const d = logDetails(entry);
  // A line may name the endpoint by id only: show its current name when the endpoints are known.
  const known = useEndpoints((s) => (d.endpoint?.id && !entry.endpoint_name ? s.byId[d.endpoint.id]?.name : undefined));
  return (
    <tr data-testid="log-row" data-level={entry.level} data-component={entry.component ?? ''}>
      <td className="nowrap mono" title={fmt.dateTime(entry.time)}>
        {fmt.timeMs(entry.time)}
      </td>
      <td>
        <LevelBadge level={entry.level} />
      </td>
      <td className="nowrap" title={entry.component ?? undefined}>
        {entry.component ? t(`logs.components.${entry.component}`) : <span className="muted">{NONE}</span>}
      </td>
      <td className="log-msg">
        <div className="mono" data-testid="log-msg">
          {entry.msg}
        </div>
        {(d.requestId || d.endpoint || d.model || d.fields.length > 0) && (
          <div className="log-details">
            {d.endpoint && (
              <span data-testid="log-endpoint">
                <span className="muted">{t('logs.endpoint')}</span>{' '}
                {d.endpoint.id ? <a href={hashOf({ page: 'endpoint', id: d.endpoint.id })}>{known ?? d.endpoint.name}</a> : d.endpoint.name}
              </span>
            )}
            {d.model && (
              <span>
                <span className="muted">{t('logs.model')}</span> <code>{d.model}</code>
              </span>
            )}
            {d.requestId && (
              <span data-testid="log-request-id">
                <span className="muted">{t('logs.requestId')}</span> <code>{d.requestId}</code>{' '}
                <CopyButton value={d.requestId} ariaLabel={t('logs.copyRequestId', { id: d.requestId })} />
              </span>
            )}
            {d.fields.map((f) => (
              // One text node: the value is the core's data, never a word of the UI.
              <code key={f.key} className="log-field" title={f.full === f.text ? undefined : f.full}>
                {`${f.key}=${f.text}`}
              </code>
            ))}
          </div>
        )}
      </td>
    </tr>
  );
});
