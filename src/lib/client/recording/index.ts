export * from './recorder.svelte';
