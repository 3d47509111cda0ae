/** Model sync (SPEC §3): listings, metadata, capabilities and diffs. */
export { fetchModelInfo, fetchModels } from './fetch.js';
export { type ComparableModel, type ModelDiff, diffModels } from './diff.js';
export { capabilitiesFromName, looksLikeEmbedding, normalizeCapabilities } from './capabilities.js';
export type { ModelInfo, RemoteModel, SyncOptions, SyncTarget } from './types.js';
