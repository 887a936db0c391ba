import type { CatalogueLike } from '../types';
import type { enModels } from './en-models';

/** Português do Brasil: o gerenciador de modelos (Configurações → Modelos) e os avisos de modelo ausente. */
export const ptBRModels: CatalogueLike<typeof enModels> = {
	'models.title': 'Modelos',
	'models.lead':
		'A transcrição roda neste servidor com modelos Whisper. Baixe um aqui; não é preciso mais nada.',
	'models.loadFailed': 'Não foi possível carregar os modelos: {message}',
	'models.loading': 'Carregando os modelos…',
	'models.defaultMissing':
		'O modelo padrão, {model}, não está instalado: a gravação e a transcrição precisam dele.',
	'models.defaultMissingHow': 'Baixe-o abaixo ou escolha um modelo instalado como padrão.',
	'models.downloadsOff':
		'Os downloads estão desligados neste servidor ({env}). Copie a pasta de um modelo para {dir} (por exemplo {example}) e depois {check}.',
	'models.checkAgain': 'verifique de novo',
	'models.catalog': 'Modelos Whisper',
	'models.catalogHint':
		'Modelos maiores são mais precisos e mais lentos. {base} ou {small} servem para a maioria dos computadores; os modelos {en} são só para inglês.',
	'models.diarization': 'Diarização de falantes',
	'models.diarizationHint':
		'Quem falou quando, pela voz: as transcrições com detecção de falantes usam estes dois quando ambos estão instalados.',
	'models.roleSegmentation': 'Encontra a fala e as trocas de falante.',
	'models.roleEmbedding': 'Distingue as vozes.',
	'models.others': 'Outros modelos instalados',
	'models.manyLanguages': 'vários idiomas',
	'models.englishOnly': 'Só inglês',
	'models.default': 'Padrão',
	'models.installed': 'Instalado',
	'models.setDefault': 'Usar como padrão',
	'models.delete': 'Excluir',
	'models.inUse': 'Uma transcrição em andamento o usa',
	'models.storedIn': 'Os modelos ficam em {dir}.',
	'models.parameters': '{parameters} parâmetros',
	'models.onDisk': '{size} em disco',
	'models.toDownload': 'cerca de {size} para baixar',
	'models.download': 'Baixar',
	'models.downloadOf': 'Baixar {name}',
	'models.queued': 'Aguardando outro download…',
	'models.installing': 'Instalando {name}…',
	'models.downloading': 'Baixando {name}: {percent}',
	'models.starting': 'Iniciando {name}…',
	'models.progressBytes': '{done} de {total}',
	'models.speed': '{size}/s',
	'models.timeLeft': 'faltam {time}',
	'models.estimating': 'estimando…',
	'models.deleteTitle': 'Excluir {name}?',
	'models.deleteBody':
		'Os arquivos dele são removidos do servidor. Você pode baixá-lo de novo depois.',
	'models.deleteBodySize':
		'Os arquivos dele ({size}) são removidos do servidor. Você pode baixá-lo de novo depois.',
	'models.deleteDefault':
		'É o modelo padrão: a gravação e a transcrição precisam de um modelo, então escolha outro padrão ou baixe-o de novo.',
	'models.keep': 'Manter',
	'models.deleteOf': 'Excluir {name}',
	'models.missing': 'O modelo {model} não está instalado, então não haverá {consequences}.',
	'models.missingLive': 'transcrição ao vivo',
	'models.missingRefine': 'transcrição refinada',
	'models.missingAll': 'transcrições',
	'models.missingStillRecord':
		'Você ainda pode gravar: o áudio fica guardado e pode ser transcrito quando o modelo estiver disponível.',
	'models.seeModels': 'Ver os modelos deste servidor',
	'models.downloadInSettings': 'Baixe-o em Configurações → Modelos',
	'models.liveBroken': 'A transcrição ao vivo não está funcionando.',
	'models.liveBrokenModel': 'A transcrição ao vivo não está funcionando: falta o modelo.',
	'models.liveNotStored':
		'Nenhuma transcrição foi guardada. A gravação em si está salva na {library}, pronta para ser transcrita quando o modelo estiver disponível.',
	'models.liveKept': 'O áudio continua sendo gravado e guardado.',
	'models.openSettings': 'Abrir Configurações → Modelos',
};
