/** The AdminApi implementation: endpoint CRUD and keys here; subsystems plug in their parts. */
import type { AdminApi, DetectPreviewDTO, EndpointFilter } from './api.js';
import type {
  DiscoveredServerDTO,
  DownloadTaskDTO,
  EndpointDTO,
  EndpointStatsDTO,
  HealthCheckDTO,
  KeyRole,
  LlmlbEvent,
  ModelInfoDTO,
  LogEntryDTO,
  LogQuery,
  ModelSummaryDTO,
  RequestLogDTO,
  SettingsDTO,
  SyncResultDTO,
  TestResultDTO,
} from './types.js';
import { z } from 'zod';
import { AppError } from '../util/errors.js';
import type { EndpointsAdmin } from './endpoints-admin.js';
import type { KeyStore } from '../auth/keys.js';
import type { EventBus } from '../events/bus.js';
import { parseInput } from '../registry/validation.js';
import type { AliasOps } from '../aliases/types.js';

/** Connection-level operations on endpoints (detection, health, sync, metadata). */
export interface EndpointOps {
  detectPreview(input: unknown): Promise<DetectPreviewDTO>;
  test(id: string): Promise<TestResultDTO>;
  sync(id: string): Promise<SyncResultDTO>;
  modelInfo(id: string, model: string): Promise<ModelInfoDTO>;
  healthHistory(id: string, query: { since?: string; limit?: number }): Promise<{ checks: HealthCheckDTO[] }>;
}

/** Model downloads. */
export interface DownloadOps {
  start(id: string, input: unknown): Promise<DownloadTaskDTO>;
  progress(id: string): Promise<{ endpoint_id: string; tasks: DownloadTaskDTO[] }>;
  cancel(id: string, taskId: string): Promise<void>;
}

/** Local discovery. */
export interface DiscoveryOps {
  list(): Promise<{ servers: DiscoveredServerDTO[] }>;
  add(baseUrl: string): Promise<EndpointDTO>;
  dismiss(baseUrl: string): Promise<void>;
}

/** Request log and statistics. */
export interface TrafficOps {
  requests(query: { limit?: number; request_id?: string }): Promise<{ requests: RequestLogDTO[] }>;
  stats(): Promise<{ endpoints: EndpointStatsDTO[] }>;
  models(): Promise<{ models: ModelSummaryDTO[] }>;
}

/** Recent log lines (validates its query). */
export interface LogsOps {
  list(query?: LogQuery): Promise<{ logs: LogEntryDTO[] }>;
}

/** Settings. */
export interface SettingsOps {
  get(): Promise<SettingsDTO>;
  update(input: unknown): Promise<SettingsDTO>;
}

/** The pluggable parts. */
export interface AdminParts {
  endpointOps?: EndpointOps;
  downloads?: DownloadOps;
  discovery?: DiscoveryOps;
  traffic?: TrafficOps;
  settings?: SettingsOps;
  aliases?: AliasOps;
  logs?: LogsOps;
}

const createKeySchema = z.strictObject({
  name: z
    .string()
    .transform((s) => s.trim())
    .pipe(z.string().min(1, 'name must not be empty').max(100, 'name must be at most 100 characters')),
  role: z.enum(['admin', 'viewer', 'inference'] satisfies KeyRole[]),
});

function missing(what: string): never {
  throw new AppError('not_supported', `${what} is not available in this build`);
}

/** The admin service. */
export class AdminService implements AdminApi {
  readonly parts: AdminParts = {};

  constructor(
    private readonly endpoints: EndpointsAdmin,
    private readonly keys: KeyStore,
    private readonly events: EventBus,
  ) {}

  /** Plugs a subsystem in. */
  provide<K extends keyof AdminParts>(name: K, impl: NonNullable<AdminParts[K]>): void {
    this.parts[name] = impl;
  }

  async listEndpoints(filter?: EndpointFilter) {
    return this.endpoints.list(filter);
  }
  async getEndpoint(id: string) {
    return this.endpoints.get(id);
  }
  async createEndpoint(input: unknown) {
    return this.endpoints.create(input);
  }
  async updateEndpoint(id: string, input: unknown) {
    return this.endpoints.update(id, input);
  }
  async deleteEndpoint(id: string) {
    this.endpoints.delete(id);
  }
  async detectPreview(input: unknown) {
    return (this.parts.endpointOps ?? missing('detection')).detectPreview(input);
  }
  async testEndpoint(id: string) {
    this.endpoints.require(id);
    return (this.parts.endpointOps ?? missing('endpoint test')).test(id);
  }
  async syncEndpoint(id: string) {
    this.endpoints.require(id);
    return (this.parts.endpointOps ?? missing('model sync')).sync(id);
  }
  async healthHistory(id: string, query: { since?: string; limit?: number } = {}) {
    this.endpoints.require(id);
    return (this.parts.endpointOps ?? missing('health history')).healthHistory(id, query);
  }
  async modelInfo(id: string, model: string) {
    this.endpoints.require(id);
    return (this.parts.endpointOps ?? missing('model metadata')).modelInfo(id, model);
  }
  async startDownload(id: string, input: unknown) {
    this.endpoints.require(id);
    return (this.parts.downloads ?? missing('downloads')).start(id, input);
  }
  async downloadProgress(id: string) {
    this.endpoints.require(id);
    return (this.parts.downloads ?? missing('downloads')).progress(id);
  }
  async cancelDownload(id: string, taskId: string) {
    this.endpoints.require(id);
    return (this.parts.downloads ?? missing('downloads')).cancel(id, taskId);
  }
  async listDiscovered() {
    return this.parts.discovery ? this.parts.discovery.list() : { servers: [] };
  }
  async addDiscovered(baseUrl: string) {
    return (this.parts.discovery ?? missing('discovery')).add(baseUrl);
  }
  async dismissDiscovered(baseUrl: string) {
    return (this.parts.discovery ?? missing('discovery')).dismiss(baseUrl);
  }
  async listModels() {
    return (this.parts.traffic ?? missing('model listing')).models();
  }
  async listRequests(query: { limit?: number; request_id?: string } = {}) {
    return (this.parts.traffic ?? missing('request log')).requests(query);
  }
  async listLogs(query: LogQuery = {}) {
    return (this.parts.logs ?? missing('logs')).list(query);
  }
  async stats() {
    return (this.parts.traffic ?? missing('statistics')).stats();
  }
  async listKeys() {
    return { keys: this.keys.list() };
  }
  async createKey(input: unknown) {
    const body = parseInput(createKeySchema, input);
    return this.keys.create(body.name, body.role);
  }
  async revokeKey(id: string) {
    if (!this.keys.revoke(id)) throw new AppError('not_found', `key ${id} not found`);
  }
  async getSettings() {
    return (this.parts.settings ?? missing('settings')).get();
  }
  async updateSettings(input: unknown) {
    return (this.parts.settings ?? missing('settings')).update(input);
  }
  async listAliases() {
    return (this.parts.aliases ?? missing('aliases')).list();
  }
  async createAlias(input: unknown) {
    return (this.parts.aliases ?? missing('aliases')).create(input);
  }
  async updateAlias(alias: string, input: unknown) {
    return (this.parts.aliases ?? missing('aliases')).update(alias, input);
  }
  async deleteAlias(alias: string) {
    return (this.parts.aliases ?? missing('aliases')).delete(alias);
  }
  async aliasSuggestions() {
    return (this.parts.aliases ?? missing('aliases')).suggestions();
  }
  async acceptAliasSuggestion(input: unknown) {
    return (this.parts.aliases ?? missing('aliases')).accept(input);
  }
  subscribe(listener: (event: LlmlbEvent) => void): () => void {
    return this.events.subscribe(listener);
  }
}
