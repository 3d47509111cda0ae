/** `download_tasks` persistence: prepared statements over the task rows. */
import type { DownloadStatus, DownloadTaskDTO } from '../admin/types.js';
import type { Db } from '../db/open.js';

/** A stored task: the wire DTO plus the node's own task id (xLLM). */
export interface TaskRow extends DownloadTaskDTO {
  readonly node_task_id: string | null;
}

/** States a task can still leave. */
export const ACTIVE_STATUSES: readonly DownloadStatus[] = ['pending', 'downloading'];

/** True for completed, failed and cancelled. */
export function isTerminal(s: DownloadStatus): boolean {
  return !ACTIVE_STATUSES.includes(s);
}

/** The wire form of a row (without the node's id). */
export function toDTO(row: TaskRow): DownloadTaskDTO {
  const { node_task_id: _node, ...dto } = row;
  return dto;
}

const COLS = 'task_id, endpoint_id, model, filename, status, progress, speed_mbps, eta_seconds, error, node_task_id, created_at, updated_at';

/** Reads and writes download tasks. */
export class DownloadStore {
  readonly #insert;
  readonly #update;
  readonly #get;
  readonly #byEndpoint;
  readonly #active;

  constructor(db: Db) {
    this.#insert = db.prepare(`INSERT INTO download_tasks (${COLS}) VALUES (${COLS.split(', ').map((c) => '@' + c).join(', ')})`);
    this.#update = db.prepare(
      `UPDATE download_tasks SET status = @status, progress = @progress, speed_mbps = @speed_mbps, eta_seconds = @eta_seconds,
       error = @error, node_task_id = @node_task_id, updated_at = @updated_at WHERE task_id = @task_id`,
    );
    this.#get = db.prepare<[string], TaskRow>(`SELECT ${COLS} FROM download_tasks WHERE task_id = ?`);
    this.#byEndpoint = db.prepare<[string], TaskRow>(
      `SELECT ${COLS} FROM download_tasks WHERE endpoint_id = ? ORDER BY created_at DESC, rowid DESC`,
    );
    this.#active = db.prepare<[], TaskRow>(
      `SELECT ${COLS} FROM download_tasks WHERE status IN ('pending', 'downloading') ORDER BY created_at, rowid`,
    );
  }

  /** Stores a new task. */
  insert(row: TaskRow): void {
    this.#insert.run(row);
  }

  /** Writes the mutable fields of a task (a no-op when its endpoint was deleted). */
  update(row: TaskRow): void {
    this.#update.run(row);
  }

  /** One task or undefined. */
  get(taskId: string): TaskRow | undefined {
    return this.#get.get(taskId);
  }

  /** Tasks of an endpoint, newest first. */
  listByEndpoint(endpointId: string): TaskRow[] {
    return this.#byEndpoint.all(endpointId);
  }

  /** Tasks that were pending or downloading (e.g. when llmlb stopped), oldest first. */
  listActive(): TaskRow[] {
    return this.#active.all();
  }
}
