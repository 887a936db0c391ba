// Worker threads in Node 20 do not inherit the parent's `--import tsx` loader for their entry
// file, so the worker registers tsx itself. The large JavaScript dependencies are imported
// natively first: loaded through tsx's loader, transformers.js and onnxruntime-node made the
// worker ~140 MB larger (measured: +206 MB against +64 MB for the same imports); registered
// afterwards, tsx finds them already loaded and only compiles our TypeScript.
await import('@huggingface/transformers');
await import('onnxruntime-node');
const { register } = await import('tsx/esm/api');
register();
await import(new URL('./worker.ts', import.meta.url).href);

export {};
