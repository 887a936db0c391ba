import type { CatalogueLike } from '../types';
import type { enCommon } from './en-common';

/** Português do Brasil: o layout, palavras comuns, erros e configurações. */
export const ptBRCommon: CatalogueLike<typeof enCommon> = {
	'nav.main': 'Principal',
	'nav.skip': 'Pular para o conteúdo',
	'nav.record': 'Gravar',
	'nav.library': 'Biblioteca',
	'nav.jobs': 'Tarefas',
	'nav.settings': 'Configurações',
	'common.cancel': 'Cancelar',
	'common.retry': 'Tentar de novo',
	'common.loading': 'Carregando…',
	'error.title': 'Algo deu errado',
	'error.body': 'Não foi possível mostrar a página. Tente de novo em instantes.',
	'error.notFoundTitle': 'Página não encontrada',
	'error.notFoundBody': 'Não há nada neste endereço. Talvez tenha sido movido ou excluído.',
	'error.toLibrary': 'Ir para a biblioteca',
	'error.home': 'Início',
	'language.heading': 'Idioma',
	'language.label': 'Idioma do aplicativo',
	'language.auto': 'O mesmo do navegador',
	'language.hint': 'Guardado apenas neste navegador.',
};
