/** English and Japanese for the dashboard, the tray and native dialogs: catalogs, language choice, the i18next factory. */
export * from './catalog.js';
export * from './create.js';
export * from './languages.js';
