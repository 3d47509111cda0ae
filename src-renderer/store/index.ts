/** The renderer's state: one zustand store per concern, built together by createStores. */
export * from './hooks';
export { applyEvent, connectLive } from './live';
export { createStores, guardClient, type CreateStoresOptions, type Stores } from './root';
export { selectVisible, type EndpointFilterState } from './endpoints';
export { isActive } from './downloads';
export { LOG_COMPONENT_NAMES, LOG_LEVEL_ORDER, LOG_LIMIT, type LogFilter, type LogsState } from './logs';
export type { LoadState, Loadable } from './types';
export type { ThemeChoice } from './ui';
export type { LanguageStorage } from './language';
