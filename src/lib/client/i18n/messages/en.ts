import { enApp } from './en-app';
import { enCommon } from './en-common';
import { enModels } from './en-models';
import { enRecord } from './en-record';
import { enWorkspace } from './en-workspace';

/** The source catalogue: its keys and placeholders type every other language's. */
export const en = { ...enCommon, ...enApp, ...enWorkspace, ...enRecord, ...enModels } as const;
