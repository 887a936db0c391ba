export { ModelManagerState, timeLeft } from './manager.svelte';
export { missingModel, type ModelNeed } from './need';
