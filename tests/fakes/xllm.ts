/** Fake xLLM node (SPEC §3): `/v0/system`, model info, and download tasks that progress over time. */
import { randomUUID } from 'node:crypto';
import { type CommonFakeOptions, type FakeContext, type FakeModel, nowSecs, route } from './common.js';
import { inferenceRoutes } from './openai-routes.js';
import { sendJson, sendJsonNow } from './send.js';
import { type FakeHandle, startFake } from './server.js';

/** xLLM options. */
export interface XllmOptions extends CommonFakeOptions {
  /** How long a download takes to reach 100 % (default 500 ms). */
  downloadDurationMs?: number;
  /** Size reported by downloads (default 1 GiB). */
  downloadTotalBytes?: number;
  /** When set, downloads fail at 50 % with this error. */
  downloadFail?: string | null;
  device?: Record<string, unknown>;
}

/** A download task as the fake tracks it. */
export interface XllmTask {
  readonly task_id: string;
  readonly model: string;
  readonly filename: string | null;
  readonly startedAt: number;
  status: 'downloading' | 'completed' | 'failed' | 'cancelled';
  progress: number;
  error: string | null;
}

/** Handle of an xLLM fake; `tasks` is every download started. */
export type XllmFake = FakeHandle<XllmOptions> & { readonly tasks: Map<string, XllmTask> };

function err(ctx: FakeContext, status: number, message: string, type = 'invalid_request_error'): void {
  sendJsonNow(ctx, status, { error: { message, type, code: status } });
}

/** Starts an xLLM fake. Download progress is 0–100. */
export async function startFakeXllm(opts: XllmOptions = {}): Promise<XllmFake> {
  const tasks = new Map<string, XllmTask>();
  const timers = new Set<NodeJS.Timeout>();
  // The model list exists only once the server is built; the profile factory fills this in.
  const served: { models: FakeModel[] } = { models: [] };

  // Progress is derived from elapsed time, so polling at any rate sees a monotonic climb.
  const refresh = (t: XllmTask): void => {
    if (t.status !== 'downloading') return;
    const duration = Math.max(1, opts.downloadDurationMs ?? 500);
    const p = Math.min(100, ((Date.now() - t.startedAt) / duration) * 100);
    if (opts.downloadFail && p >= 50) {
      t.status = 'failed';
      t.progress = 50;
      t.error = opts.downloadFail;
    } else if (p >= 100) {
      t.status = 'completed';
      t.progress = 100;
      if (!served.models.some((m) => m.id === t.model)) served.models.push({ id: t.model });
    } else {
      t.progress = Math.round(p * 10) / 10;
    }
  };
  const view = (t: XllmTask): Record<string, unknown> => {
    refresh(t);
    const total = opts.downloadTotalBytes ?? 1_073_741_824;
    return {
      task_id: t.task_id,
      model: t.model,
      status: t.status,
      progress: t.progress,
      downloaded_bytes: Math.round((total * t.progress) / 100),
      total_bytes: total,
      ...(t.error ? { error: t.error } : {}),
    };
  };

  const fake = await startFake('xllm', opts, ['llama-3.2-1b-instruct'], (f) => {
    served.models = f.models;
    return {
      unauthorized: (ctx) => err(ctx, 401, 'Invalid API key', 'authentication_error'),
      error: (ctx, status, message) => err(ctx, status, message, 'server_error'),
      loading: (ctx) => err(ctx, 503, 'Model is loading', 'unavailable_error'),
      notFound: (ctx) => err(ctx, 404, `Not found: ${ctx.method} ${ctx.path}`, 'not_found_error'),
      routes: [
        route('GET', '/v0/system', (ctx) =>
          sendJson(ctx, 200, {
            xllm_version: opts.version ?? '1.4.2',
            device: opts.device ?? { type: 'cpu', name: 'Fake CPU', memory_total_bytes: 17_179_869_184, gpus: [] },
          }),
        ),
        route('GET', '/v1/models', (ctx) =>
          sendJson(ctx, 200, { object: 'list', data: f.models.map((m) => ({ id: m.id, object: 'model', created: nowSecs(), owned_by: 'xllm' })) }),
        ),
        route('GET', '/v0/models/:model+/info', (ctx) => {
          const m = f.models.find((x) => x.id === ctx.params.model);
          if (!m) return err(ctx, 404, `model '${ctx.params.model}' not found`, 'not_found_error');
          return sendJson(ctx, 200, { model: m.id, context_length: m.contextLength ?? 8192 });
        }),
        route('POST', '/v0/models/download', (ctx) => {
          const b = (ctx.body ?? {}) as { model?: unknown; filename?: unknown };
          if (typeof b.model !== 'string' || !b.model) return err(ctx, 400, "'model' is required");
          const t: XllmTask = {
            task_id: randomUUID(),
            model: b.model,
            filename: typeof b.filename === 'string' ? b.filename : null,
            startedAt: Date.now(),
            status: 'downloading',
            progress: 0,
            error: null,
          };
          tasks.set(t.task_id, t);
          // Finish even if nobody polls, so the model shows up in /v1/models on time.
          const timer = setTimeout(() => {
            timers.delete(timer);
            refresh(t);
          }, (opts.downloadDurationMs ?? 500) + 5);
          timer.unref();
          timers.add(timer);
          return sendJson(ctx, 200, { task_id: t.task_id, status: t.status });
        }),
        route('GET', '/v0/models/download/:task', (ctx) => {
          const t = tasks.get(ctx.params.task!);
          if (!t) return err(ctx, 404, 'task not found', 'not_found_error');
          return sendJson(ctx, 200, view(t));
        }),
        route('DELETE', '/v0/models/download/:task', (ctx) => {
          const t = tasks.get(ctx.params.task!);
          if (!t) return err(ctx, 404, 'task not found', 'not_found_error');
          refresh(t);
          if (t.status === 'downloading') t.status = 'cancelled';
          return sendJson(ctx, 200, view(t));
        }),
        ...inferenceRoutes({
          style: 'openai',
          hasModel: (name) => f.models.some((m) => m.id === name),
          modelNotFound: (ctx, name) => err(ctx, 404, `model '${name}' not found`, 'not_found_error'),
          badRequest: (ctx, message) => err(ctx, 400, message),
        }),
      ],
    };
  });
  const close = fake.close.bind(fake);
  return Object.assign(fake, {
    tasks,
    close: async () => {
      for (const t of timers) clearTimeout(t);
      await close();
    },
  });
}
