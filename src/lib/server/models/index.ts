export { ModelsService, type ModelsServiceDeps } from './service';
export type { DownloadEventType } from './downloads';
export { DOWNLOADS_FOLDER } from './install';
export { checkModelSettings } from './settings-check';
