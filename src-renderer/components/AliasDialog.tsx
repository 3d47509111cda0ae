/** Add or edit an alias: its name, its targets (a model on one endpoint or on any endpoint serving it), and shadowing. */
import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ModelSummaryDTO } from '../../src-main/admin/types';
import type { AliasDTO } from '../../src-main/aliases/types';
import { useWords } from '../i18n';
import { useAliases, useStores } from '../store';
import { Dialog } from './Dialog';

interface Row {
  readonly key: number;
  readonly model: string;
  /** '' = any endpoint that lists the model. */
  readonly endpoint: string;
}

/** Endpoints (id → name) known from the model list; those serving `model` when it is known. */
function endpointsFor(models: readonly ModelSummaryDTO[], model: string): [string, string][] {
  const hit = models.find((m) => m.model_id === model);
  const all = new Map<string, string>();
  for (const m of hit ? [hit] : models) for (const e of m.endpoints) all.set(e.endpoint_id, e.name);
  return [...all.entries()].sort((a, b) => a[1].localeCompare(b[1]));
}

/** The dialog; `initial` null adds a new alias. */
export function AliasDialog({ initial, models, onClose }: { initial: AliasDTO | null; models: readonly ModelSummaryDTO[]; onClose: () => void }) {
  const stores = useStores();
  const saving = useAliases((s) => s.saving);
  const saveError = useAliases((s) => s.saveError);
  const [name, setName] = useState(initial?.alias ?? '');
  const [shadow, setShadow] = useState(initial?.allow_shadow ?? false);
  const [rows, setRows] = useState<Row[]>(() =>
    initial ? initial.targets.map((t, i) => ({ key: i, model: t.model, endpoint: t.endpoint_id ?? '' })) : [{ key: 0, model: '', endpoint: '' }],
  );
  const { t } = useTranslation();
  const words = useWords();
  const [problem, setProblem] = useState<string | null>(null);
  const ids = { name: useId(), list: useId(), shadow: useId() };
  const nextKey = useRef(rows.length);
  const change = (key: number, patch: Partial<Row>) => {
    setProblem(null);
    setRows(rows.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  };

  const submit = async () => {
    const targets = rows.filter((r) => r.model.trim()).map((r) => ({ model: r.model.trim(), endpoint_id: r.endpoint || null }));
    if (!initial && !name.trim()) return setProblem(t('aliases.dialog.nameRequired'));
    if (targets.length === 0) return setProblem(t('aliases.dialog.targetRequired'));
    setProblem(null);
    const ok = initial
      ? await stores.aliases.getState().update(initial.alias, { targets, allow_shadow: shadow })
      : await stores.aliases.getState().create({ alias: name.trim(), targets, allow_shadow: shadow });
    if (ok) onClose();
  };
  const close = () => {
    stores.aliases.getState().clearSaveError();
    onClose();
  };

  return (
    <Dialog
      title={initial ? t('aliases.dialog.editTitle', { alias: initial.alias }) : t('aliases.dialog.addTitle')}
      onClose={close}
      onSubmit={() => void submit()}
      testId="alias-dialog"
      wide
      footer={
        <>
          <button type="button" className="btn" onClick={close}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="btn primary" disabled={saving} data-testid="alias-save">
            {saving ? t('common.saving') : initial ? t('common.save') : t('aliases.add')}
          </button>
        </>
      }
    >
      <div className="form">
        <div className="field">
          <label htmlFor={ids.name}>{t('aliases.dialog.alias')}</label>
          <input id={ids.name} className="input mono" value={name} disabled={Boolean(initial)} autoFocus={!initial} onChange={(e) => {
              setProblem(null);
              setName(e.target.value);
            }} data-testid="alias-name" />
          <span className="help">{t('aliases.dialog.aliasHelp')}</span>
        </div>
        <fieldset className="field" style={{ border: 'none', padding: 0, margin: 0 }}>
          <legend className="label" style={{ fontWeight: 600, fontSize: 13 }}>{t('aliases.dialog.targets')}</legend>
          <datalist id={ids.list}>
            {models.map((m) => (
              <option key={m.model_id} value={m.model_id} />
            ))}
          </datalist>
          {rows.map((r, i) => (
            <div className="inline" key={r.key} data-testid="alias-target">
              <input className="input mono" style={{ flex: '2 1 240px' }} list={ids.list} value={r.model} placeholder={t('aliases.dialog.modelPlaceholder')} aria-label={t('aliases.dialog.modelOfTarget', { n: i + 1 })} onChange={(e) => change(r.key, { model: e.target.value })} />
              <select className="select input" style={{ flex: '1 1 180px' }} value={r.endpoint} aria-label={t('aliases.dialog.endpointOfTarget', { n: i + 1 })} onChange={(e) => change(r.key, { endpoint: e.target.value })}>
                <option value="">{t('aliases.dialog.anyEndpoint')}</option>
                {endpointsFor(models, r.model).map(([id, label]) => (
                  <option key={id} value={id}>
                    {label}
                  </option>
                ))}
                {r.endpoint && !endpointsFor(models, r.model).some(([id]) => id === r.endpoint) && <option value={r.endpoint}>{r.endpoint}</option>}
              </select>
              <button type="button" className="btn small" aria-label={t('aliases.dialog.removeTarget', { n: i + 1 })} disabled={rows.length === 1} onClick={() => setRows(rows.filter((x) => x.key !== r.key))}>
                {t('common.remove')}
              </button>
            </div>
          ))}
          <div>
            <button type="button" className="btn small" onClick={() => setRows([...rows, { key: nextKey.current++, model: '', endpoint: '' }])} data-testid="alias-add-target">
              {t('aliases.dialog.addTarget')}
            </button>
          </div>
        </fieldset>
        <label className="switch" htmlFor={ids.shadow}>
          <input id={ids.shadow} type="checkbox" checked={shadow} onChange={(e) => setShadow(e.target.checked)} />
          <span className="text">
            <span>{t('aliases.dialog.allowShadow')}</span>
            <span className="help">{t('aliases.dialog.allowShadowHelp')}</span>
          </span>
        </label>
        {(problem ?? saveError) && (
          <p className="err" role="alert" data-testid="alias-error">
            {problem ?? (saveError && words.error(saveError))}
          </p>
        )}
      </div>
    </Dialog>
  );
}
