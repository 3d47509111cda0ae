/** The renderer's side of English and Japanese: messages from stores, hooks, the instance and system languages. */
export * from './hooks';
export * from './message';
export * from './setup';
