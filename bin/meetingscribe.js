#!/usr/bin/env node
// The `meetingscribe` command. The CLI is TypeScript, loaded through tsx's API rather than
// `--import tsx`: the ASR worker thread loads its own entry the same way (see
// src/lib/server/asr/worker-boot.js), because Node 20 workers and `--import` loaders mix badly.
import { tsImport } from 'tsx/esm/api';

const { main } = await tsImport('../src/cli/main.ts', import.meta.url);
process.exitCode = await main(process.argv.slice(2));
