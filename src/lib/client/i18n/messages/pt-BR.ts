import type { CatalogueLike } from '../types';
import type { en } from './en';
import { ptBRCommon } from './pt-BR-common';
import { ptBRRecord } from './pt-BR-record';
import { ptBRWorkspace } from './pt-BR-workspace';

export const ptBR: CatalogueLike<typeof en> = { ...ptBRCommon, ...ptBRWorkspace, ...ptBRRecord };
