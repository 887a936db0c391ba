// Worker threads in Node 20 do not inherit the parent's `--import tsx` loader for their entry
// file, so the worker loads the TypeScript worker through tsx's API itself.
import { tsImport } from 'tsx/esm/api';

await tsImport('./worker.ts', import.meta.url);
