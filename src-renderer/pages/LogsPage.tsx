/** llmlb's own recent log lines: level and component filters, following live, refresh, clear, and the log folder (desktop). */
import { useEffect, useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import type { LogComponentName, LogLevelName } from '../../src-main/admin/types';
import { PageHead } from '../components/Page';
import { Empty, ErrorState, Loading } from '../components/States';
import { msg } from '../i18n';
import { LOG_COMPONENT_NAMES, LOG_LEVEL_ORDER, useHost, useLogs, useStores } from '../store';
import { LogTable } from './LogTable';

/** The value of the component filter's "All components" choice. */
const ALL = '';

/** The Logs page. */
export function LogsPage() {
  const stores = useStores();
  const state = useLogs((s) => s.state);
  const error = useLogs((s) => s.error);
  const entries = useLogs(useShallow((s) => s.entries));
  const following = useLogs((s) => s.following);
  const dropped = useLogs((s) => s.dropped);
  const { t } = useTranslation();
  useEffect(() => {
    void stores.logs.getState().load();
    // For the names of endpoints that a line names by id only.
    if (stores.endpoints.getState().state === 'idle') void stores.endpoints.getState().load();
  }, [stores]);
  const logs = () => stores.logs.getState();
  const actions = (
    <>
      <OpenFolderButton />
      <button type="button" className="btn" onClick={() => void logs().load()} data-testid="logs-refresh">
        {t('common.refresh')}
      </button>
      <button type="button" className="btn" onClick={() => logs().clear()} disabled={entries.length === 0} data-testid="logs-clear">
        {t('logs.clear')}
      </button>
    </>
  );
  return (
    <div className="page" data-testid="page-logs">
      <PageHead title={t('logs.title')} sub={t('logs.sub')} actions={actions} />
      <section className="card" aria-label={t('logs.title')}>
        <Filters />
        {dropped > 0 && (
          <p className="callout log-dropped" role="status" data-testid="logs-dropped">
            {t('logs.dropped', { count: dropped })}
          </p>
        )}
        {state === 'error' && entries.length > 0 && <ErrorState error={error} onRetry={() => void logs().load()} />}
        {state === 'idle' || state === 'loading' ? (
          <Loading label={t('logs.loading')} />
        ) : state === 'error' && entries.length === 0 ? (
          <ErrorState error={error} onRetry={() => void logs().load()} />
        ) : entries.length === 0 ? (
          <Empty title={t('logs.empty')} testId="logs-empty">
            <span>{t('logs.emptyHelp')}</span>
          </Empty>
        ) : (
          <LogTable entries={entries} following={following} />
        )}
      </section>
    </div>
  );
}

/** Minimum level, component and the follow switch with its note. */
function Filters() {
  const stores = useStores();
  const filter = useLogs((s) => s.filter);
  const following = useLogs((s) => s.following);
  const ids = { level: useId(), component: useId(), note: useId() };
  const { t } = useTranslation();
  const logs = () => stores.logs.getState();
  return (
    <div className="toolbar" role="search">
      <div className="field">
        <label htmlFor={ids.level}>{t('logs.level')}</label>
        <select id={ids.level} className="select input" value={filter.level} onChange={(e) => void logs().setFilter({ level: e.target.value as LogLevelName })} data-testid="logs-level">
          {LOG_LEVEL_ORDER.map((l) => (
            <option key={l} value={l}>
              {t(`logs.levels.${l}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={ids.component}>{t('logs.component')}</label>
        <select
          id={ids.component}
          className="select input"
          value={filter.component ?? ALL}
          onChange={(e) => void logs().setFilter({ component: e.target.value === ALL ? null : (e.target.value as LogComponentName) })}
          data-testid="logs-component"
        >
          <option value={ALL}>{t('logs.allComponents')}</option>
          {LOG_COMPONENT_NAMES.map((c) => (
            <option key={c} value={c}>
              {t(`logs.components.${c}`)}
            </option>
          ))}
        </select>
      </div>
      <label className="switch log-follow">
        <input type="checkbox" checked={following} onChange={(e) => void logs().setFollowing(e.target.checked)} aria-describedby={ids.note} data-testid="logs-follow" />
        <span className="text">
          <span>{t('logs.follow')}</span>
          <span className="help" id={ids.note}>
            {t('logs.liveNote')}
          </span>
        </span>
      </label>
    </div>
  );
}

/** "Open log folder", only where there is one to open (desktop); says so when the folder cannot be shown. */
function OpenFolderButton() {
  const host = useHost();
  const stores = useStores();
  const { t } = useTranslation();
  const open = host.openLogFolder;
  if (!open) return null;
  const onClick = async () => {
    if ((await open()) === null) stores.ui.getState().notify('error', msg('toast.logFolderFailed'));
  };
  return (
    <button type="button" className="btn" onClick={() => void onClick()} data-testid="logs-open-folder">
      {t('logs.openFolder')}
    </button>
  );
}
