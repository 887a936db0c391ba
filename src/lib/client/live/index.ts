export * from './live.svelte';
