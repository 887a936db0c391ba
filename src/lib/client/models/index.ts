export { ModelManagerState } from './manager.svelte';
export { missingModel, type ModelNeed } from './need';
