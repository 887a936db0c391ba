import type { CatalogueLike } from '../types';
import type { en } from './en';
import { ptBRApp } from './pt-BR-app';
import { ptBRCommon } from './pt-BR-common';
import { ptBRModels } from './pt-BR-models';
import { ptBRRecord } from './pt-BR-record';
import { ptBRWorkspace } from './pt-BR-workspace';

export const ptBR: CatalogueLike<typeof en> = {
	...ptBRCommon,
	...ptBRApp,
	...ptBRWorkspace,
	...ptBRRecord,
	...ptBRModels,
};
