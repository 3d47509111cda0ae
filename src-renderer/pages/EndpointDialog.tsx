/** Add / edit an endpoint. Adding runs a detection preview so the user sees the type before saving. */
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CreateEndpointInput, EndpointDTO, EndpointType, UpdateEndpointInput } from '../../src-main/admin/types';
import { TypeBadge } from '../components/Badges';
import { Dialog } from '../components/Dialog';
import { concurrencyPatch, validateConcurrency } from '../lib/capacity';
import { msg, useWords, type ErrorInfo, type Msg } from '../i18n';
import { TYPES } from '../lib/names';
import { errorOf } from '../store/types';
import { useEndpoints, useStores } from '../store';
import { ConcurrencyField } from './ConcurrencyField';

interface FormState {
  name: string;
  base_url: string;
  api_key: string;
  clear_key: boolean;
  interval: string;
  timeout: string;
  /** A user override typed here; empty = automatic (add) or unchanged (edit). Never prefilled: see concurrencyPatch. */
  concurrency: string;
  /** Edit only: drop any override (sends max_concurrency: null). */
  concurrency_reset: boolean;
  notes: string;
  type: EndpointType;
}

/** Field errors as messages (worded when shown), plus the server's refusal of the whole form. */
type Errors = Partial<Record<keyof FormState, Msg>> & { form?: ErrorInfo };

/** Checks the form; returns field errors (empty when valid). */
export function validateEndpointForm(f: Pick<FormState, 'name' | 'base_url' | 'interval' | 'timeout'> & Partial<Pick<FormState, 'concurrency'>>): Errors {
  const errors: Errors = {};
  if (!f.name.trim()) errors.name = msg('endpointDialog.nameRequired');
  else if (f.name.trim().length > 100) errors.name = msg('endpointDialog.nameTooLong', { max: 100 });
  const url = parseUrl(f.base_url);
  if (!url) errors.base_url = msg('endpointDialog.urlInvalid');
  const interval = Number(f.interval);
  if (!Number.isInteger(interval) || interval < 10 || interval > 300) errors.interval = msg('endpointDialog.secondsRange', { min: 10, max: 300 });
  const timeout = Number(f.timeout);
  if (!Number.isInteger(timeout) || timeout < 10 || timeout > 600) errors.timeout = msg('endpointDialog.secondsRange', { min: 10, max: 600 });
  const concurrency = validateConcurrency(f.concurrency ?? '');
  if (concurrency) errors.concurrency = concurrency;
  return errors;
}

/** The URL when it is http(s) with a host, else null. */
function parseUrl(s: string): URL | null {
  try {
    const u = new URL(s.trim());
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname ? u : null;
  } catch {
    return null;
  }
}

function initial(e: EndpointDTO | null): FormState {
  return {
    name: e?.name ?? '',
    base_url: e?.base_url ?? '',
    api_key: '',
    clear_key: false,
    interval: String(e?.health_check_interval_secs ?? 30),
    timeout: String(e?.inference_timeout_secs ?? 120),
    concurrency: '',
    concurrency_reset: false,
    notes: e?.notes ?? '',
    type: e?.endpoint_type ?? 'unknown',
  };
}

/** The add (endpoint = null) or edit dialog. */
export function EndpointDialog({ endpoint, onClose }: { endpoint: EndpointDTO | null; onClose: (saved: EndpointDTO | null) => void }) {
  const stores = useStores();
  const preview = useEndpoints((s) => s.preview);
  const [form, setForm] = useState<FormState>(() => initial(endpoint));
  const [errors, setErrors] = useState<Errors>({});
  const [saving, setSaving] = useState(false);
  const nameTouched = useRef(Boolean(endpoint));
  const ids = { name: useId(), url: useId(), key: useId(), interval: useId(), timeout: useId(), notes: useId(), type: useId() };
  const adding = endpoint === null;
  const { t } = useTranslation();
  const words = useWords();

  useEffect(() => {
    const api = stores.endpoints.getState();
    api.clearPreview();
    return () => stores.endpoints.getState().clearPreview();
  }, [stores]);

  // Suggest a name from the detected type until the user types one.
  useEffect(() => {
    if (!adding || nameTouched.current || preview.state !== 'done' || !preview.result) return;
    const url = parseUrl(preview.result.base_url) ?? parseUrl(form.base_url);
    if (!url) return;
    const type = preview.result.endpoint_type;
    const label = type === 'unknown' ? t('endpointDialog.defaultName') : t(`endpointType.${type}`);
    setForm((f) => ({ ...f, name: `${label} ${url.host}` }));
  }, [adding, preview, form.base_url, t]);

  const set = <K extends keyof FormState>(k: K, v: FormState[K]) => setForm((f) => ({ ...f, [k]: v }));

  const detect = () => {
    if (!parseUrl(form.base_url)) {
      setErrors((e) => ({ ...e, base_url: msg('endpointDialog.urlInvalid') }));
      return;
    }
    setErrors(({ base_url: _drop, ...rest }) => rest);
    const key = form.api_key.trim();
    void stores.endpoints.getState().detect({ base_url: form.base_url.trim(), ...(key ? { api_key: key } : {}) });
  };

  const onUrlBlur = () => {
    if (!adding || !parseUrl(form.base_url)) return;
    if (preview.input?.base_url === form.base_url.trim() && (preview.input?.api_key ?? '') === form.api_key.trim()) return;
    detect();
  };

  const submit = async () => {
    const errs = validateEndpointForm(form);
    setErrors(errs);
    if (Object.keys(errs).length > 0) return;
    setSaving(true);
    try {
      const api = stores.endpoints.getState();
      if (adding) {
        const input: CreateEndpointInput = {
          name: form.name.trim(),
          base_url: form.base_url.trim(),
          health_check_interval_secs: Number(form.interval),
          inference_timeout_secs: Number(form.timeout),
          ...(form.api_key.trim() ? { api_key: form.api_key.trim() } : {}),
          ...concurrencyPatch(form.concurrency, false),
          ...(form.notes.trim() ? { notes: form.notes.trim() } : {}),
        };
        onClose(await api.create(input));
      } else {
        const input = diff(endpoint, form);
        onClose(Object.keys(input).length > 0 ? await api.update(endpoint.id, input) : endpoint);
      }
    } catch (e) {
      setErrors({ form: errorOf(e) });
    } finally {
      setSaving(false);
    }
  };

  return (
    <Dialog
      title={adding ? t('endpointDialog.addTitle') : t('endpointDialog.editTitle', { name: endpoint.name })}
      onClose={() => onClose(null)}
      onSubmit={() => void submit()}
      testId="endpoint-dialog"
      footer={
        <>
          <button type="button" className="btn" onClick={() => onClose(null)}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="btn primary" disabled={saving} data-testid="endpoint-save">
            {saving ? t('common.saving') : adding ? t('endpoints.add') : t('common.save')}
          </button>
        </>
      }
    >
      {errors.form && (
        <div className="callout error" role="alert" data-testid="endpoint-form-error">
          {words.error(errors.form)}
        </div>
      )}
      <div className="inline">
        <div className="field">
          <label htmlFor={ids.url}>{t('endpointDialog.baseUrl')}</label>
          <input
            id={ids.url}
            className="input mono"
            value={form.base_url}
            placeholder={t('endpointDialog.urlPlaceholder')}
            autoFocus={adding}
            spellCheck={false}
            autoComplete="off"
            aria-invalid={Boolean(errors.base_url)}
            aria-describedby={errors.base_url ? `${ids.url}-err` : undefined}
            onChange={(e) => set('base_url', e.target.value)}
            onBlur={onUrlBlur}
            data-testid="endpoint-url"
          />
          {errors.base_url && (
            <span className="err" id={`${ids.url}-err`}>
              {words.msg(errors.base_url)}
            </span>
          )}
        </div>
        {adding && (
          <button type="button" className="btn" onClick={detect} disabled={preview.state === 'loading'} data-testid="endpoint-detect">
            {t('endpointDialog.detect')}
          </button>
        )}
      </div>

      {adding && <Preview />}

      <div className="field">
        <label htmlFor={ids.name}>{t('endpointDialog.name')}</label>
        <input
          id={ids.name}
          className="input"
          value={form.name}
          autoFocus={!adding}
          aria-invalid={Boolean(errors.name)}
          onChange={(e) => {
            nameTouched.current = true;
            set('name', e.target.value);
          }}
          data-testid="endpoint-name"
        />
        {errors.name && <span className="err">{words.msg(errors.name)}</span>}
      </div>

      <div className="field">
        <label htmlFor={ids.key}>
          {t('endpointDialog.apiKey')} {adding ? t('endpointDialog.optional') : ''}
        </label>
        <input
          id={ids.key}
          className="input"
          type="password"
          autoComplete="off"
          value={form.api_key}
          disabled={form.clear_key}
          placeholder={!adding && endpoint.api_key_set ? t('endpointDialog.keyPlaceholderSet') : t('endpointDialog.keyPlaceholderNew')}
          onChange={(e) => set('api_key', e.target.value)}
          onBlur={onUrlBlur}
        />
        {!adding && endpoint.api_key_set && (
          <label className="switch" style={{ padding: '4px 0' }}>
            <input type="checkbox" checked={form.clear_key} onChange={(e) => set('clear_key', e.target.checked)} />
            <span className="text">
              <span>{t('endpointDialog.removeKey')}</span>
            </span>
          </label>
        )}
      </div>

      <details className="advanced" open={!adding}>
        <summary>{t('endpointDialog.advanced')}</summary>
        <div className="form">
          <div className="form-row">
            <div className="field">
              <label htmlFor={ids.interval}>{t('endpointDialog.interval')}</label>
              <input id={ids.interval} className="input" type="number" min={10} max={300} value={form.interval} aria-invalid={Boolean(errors.interval)} onChange={(e) => set('interval', e.target.value)} />
              {errors.interval && <span className="err">{words.msg(errors.interval)}</span>}
            </div>
            <div className="field">
              <label htmlFor={ids.timeout}>{t('endpointDialog.timeout')}</label>
              <input id={ids.timeout} className="input" type="number" min={10} max={600} value={form.timeout} aria-invalid={Boolean(errors.timeout)} onChange={(e) => set('timeout', e.target.value)} />
              {errors.timeout && <span className="err">{words.msg(errors.timeout)}</span>}
            </div>
          </div>
          <ConcurrencyField
            current={adding ? undefined : endpoint.max_concurrency}
            value={form.concurrency}
            reset={form.concurrency_reset}
            error={errors.concurrency && words.msg(errors.concurrency)}
            onValue={(v) => set('concurrency', v)}
            onReset={(r) => set('concurrency_reset', r)}
          />
          {!adding && (
            <div className="field">
              <label htmlFor={ids.type}>{t('endpointDialog.type')}</label>
              <select id={ids.type} className="select input" value={form.type} onChange={(e) => set('type', e.target.value as EndpointType)}>
                {TYPES.map((type) => (
                  <option key={type} value={type}>
                    {t(`endpointType.${type}`)}
                  </option>
                ))}
              </select>
              <span className="help">
                {endpoint.endpoint_type_source === 'manual' ? t('endpointDialog.typeManual') : t('endpointDialog.typeDetected')} {t('endpointDialog.typeOverride')}
              </span>
            </div>
          )}
          <div className="field">
            <label htmlFor={ids.notes}>{t('endpointDialog.notes')}</label>
            <textarea id={ids.notes} className="input" rows={2} value={form.notes} onChange={(e) => set('notes', e.target.value)} />
          </div>
        </div>
      </details>
    </Dialog>
  );
}

/** Only the fields the user changed. */
function diff(e: EndpointDTO, f: FormState): UpdateEndpointInput {
  const out: { -readonly [K in keyof UpdateEndpointInput]: UpdateEndpointInput[K] } = {};
  if (f.name.trim() !== e.name) out.name = f.name.trim();
  if (f.base_url.trim() !== e.base_url) out.base_url = f.base_url.trim();
  if (f.clear_key) out.api_key = null;
  else if (f.api_key.trim()) out.api_key = f.api_key.trim();
  if (Number(f.interval) !== e.health_check_interval_secs) out.health_check_interval_secs = Number(f.interval);
  if (Number(f.timeout) !== e.inference_timeout_secs) out.inference_timeout_secs = Number(f.timeout);
  if ((f.notes.trim() || null) !== (e.notes ?? null)) out.notes = f.notes.trim() || null;
  if (f.type !== e.endpoint_type) out.endpoint_type = f.type;
  // Sent whenever typed, even when equal to the limit in force: typing it makes it the user's override.
  Object.assign(out, concurrencyPatch(f.concurrency, f.concurrency_reset));
  return out;
}

/** What detection found at the URL, before saving. */
function Preview() {
  const preview = useEndpoints((s) => s.preview);
  const { t } = useTranslation();
  const words = useWords();
  let body;
  switch (preview.state) {
    case 'idle':
      body = <span className="muted">{t('endpointDialog.previewIdle')}</span>;
      break;
    case 'loading':
      body = (
        <>
          <span className="spinner" aria-hidden="true" /> <span>{t('endpointDialog.detecting')}</span>
        </>
      );
      break;
    case 'error':
      body = <span className="err">{t('endpointDialog.detectFailed', { error: preview.error ? words.error(preview.error) : '' })}</span>;
      break;
    case 'done': {
      const r = preview.result;
      if (!r) break;
      body = r.reachable ? (
        <>
          <span>{t('endpointDialog.detected')}</span>
          <TypeBadge type={r.endpoint_type} />
          {r.version && <span className="chip">{t('endpointDialog.version', { version: r.version })}</span>}
          <span className="muted">{t('endpointDialog.modelsFound', { count: r.models_found })}</span>
        </>
      ) : (
        <span>
          <TypeBadge type="unknown" /> {r.error ? t('endpointDialog.unreachableWithReason', { reason: r.error }) : t('endpointDialog.unreachable')}
        </span>
      );
      break;
    }
  }
  return (
    <div className="callout preview" aria-live="polite" data-testid="detect-preview" data-state={preview.state} data-type={preview.result?.endpoint_type}>
      {body}
    </div>
  );
}
