/** Model downloads of an xLLM or Ollama endpoint: start, watch progress live, cancel. */
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DownloadTaskDTO, EndpointDTO } from '../../src-main/admin/types';
import { ProgressBar } from '../components/ProgressBar';
import { useFormat, useWords } from '../i18n';
import { isActive, useDownloads, useSession, useStores } from '../store';

/** Progress refresh while live events are disconnected. */
const FALLBACK_POLL_MS = 2000;

/** The download panel of one endpoint. */
export function DownloadPanel({ endpoint }: { endpoint: EndpointDTO }) {
  const stores = useStores();
  const slice = useDownloads((s) => s.byEndpoint[endpoint.id]);
  const [model, setModel] = useState('');
  const [filename, setFilename] = useState('');
  const [error, setError] = useState<string | null>(null);
  const ids = { model: useId(), file: useId() };
  const isXllm = endpoint.endpoint_type === 'xllm';
  const { t } = useTranslation();
  const words = useWords();

  useEffect(() => {
    void stores.downloads.getState().load(endpoint.id);
  }, [stores, endpoint.id]);

  // Progress normally arrives as live events; only while they are down, ask for it every few seconds.
  const live = useSession((s) => s.live);
  const anyActive = useDownloads((s) => s.byEndpoint[endpoint.id]?.tasks.some(isActive) ?? false);
  useEffect(() => {
    if (live === 'open' || !anyActive) return;
    const t = setInterval(() => void stores.downloads.getState().load(endpoint.id), FALLBACK_POLL_MS);
    return () => clearInterval(t);
  }, [stores, endpoint.id, live, anyActive]);

  const start = async () => {
    if (!model.trim()) {
      setError(t('downloads.modelRequired'));
      return;
    }
    setError(null);
    const ok = await stores.downloads.getState().start(endpoint.id, model.trim(), isXllm && filename.trim() ? filename.trim() : undefined);
    if (ok) {
      setModel('');
      setFilename('');
    }
  };

  const tasks = [...(slice?.tasks ?? [])].reverse();
  return (
    <section className="card" aria-labelledby={`${ids.model}-h`} data-testid="download-panel">
      <div className="card-head">
        <h2 id={`${ids.model}-h`}>{t('downloads.title')}</h2>
        <span className="hint">{isXllm ? t('downloads.hintXllm') : t('downloads.hintOllama')}</span>
      </div>
      <div className="card-body">
        <form
          className="inline"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void start();
          }}
        >
          <div className="field">
            <label htmlFor={ids.model}>{t('downloads.model')}</label>
            <input
              id={ids.model}
              className="input mono"
              value={model}
              placeholder={isXllm ? t('downloads.placeholderXllm') : t('downloads.placeholderOllama')}
              spellCheck={false}
              aria-invalid={Boolean(error)}
              onChange={(e) => setModel(e.target.value)}
              data-testid="download-model"
            />
            {error && <span className="err">{error}</span>}
          </div>
          {isXllm && (
            <div className="field">
              <label htmlFor={ids.file}>{t('downloads.file')}</label>
              <input id={ids.file} className="input mono" value={filename} placeholder={t('downloads.placeholderFile')} spellCheck={false} onChange={(e) => setFilename(e.target.value)} />
            </div>
          )}
          <button type="submit" className="btn primary" disabled={slice?.starting} data-testid="download-start">
            {slice?.starting ? t('downloads.starting') : t('downloads.start')}
          </button>
        </form>
        {slice?.state === 'error' && slice.error && tasks.length === 0 && <p className="err">{t('downloads.loadFailed', { error: words.error(slice.error) })}</p>}
        {tasks.length > 0 && (
          <div style={{ marginTop: 14 }} data-testid="download-tasks">
            {tasks.map((t) => (
              <Task key={t.task_id} endpointId={endpoint.id} task={t} />
            ))}
          </div>
        )}
      </div>
    </section>
  );
}

/** One download with its progress bar, speed, ETA and cancel. */
function Task({ endpointId, task }: { endpointId: string; task: DownloadTaskDTO }) {
  const stores = useStores();
  const active = isActive(task);
  const { t } = useTranslation();
  const fmt = useFormat();
  return (
    <div className="task" data-testid="download-task" data-status={task.status} data-model={task.model}>
      <div className="task-head">
        <span className="mono cell-main">{task.model}</span>
        <span className="task-meta">
          <span data-testid="download-percent">{fmt.percent(task.progress)}</span>
          <span>{t(`downloads.status.${task.status}`)}</span>
        </span>
      </div>
      <ProgressBar value={task.progress} label={t('downloads.progressLabel', { model: task.model })} status={task.status} />
      <div className="task-head">
        <span className="task-meta">
          {active ? (
            <>
              <span>{t('downloads.speed', { speed: fmt.speed(task.speed_mbps) })}</span>
              <span>{t('downloads.eta', { eta: fmt.duration(task.eta_seconds) })}</span>
            </>
          ) : task.status === 'failed' ? (
            <span className="err">{task.error ?? t('downloads.status.failed')}</span>
          ) : null}
        </span>
        {active && (
          <button type="button" className="btn small danger" onClick={() => void stores.downloads.getState().cancel(endpointId, task.task_id)} data-testid="download-cancel" aria-label={t('downloads.cancelAria', { model: task.model })}>
            {t('common.cancel')}
          </button>
        )}
      </div>
    </div>
  );
}
