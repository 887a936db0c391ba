import type { CatalogueLike } from '../types';
import type { enRecord } from './en-record';

/** Português do Brasil: a página de gravação e a transcrição ao vivo. */
export const ptBRRecord: CatalogueLike<typeof enRecord> = {
	'record.title': 'Gravar',
	'record.loading': 'Carregando o gravador…',
	'record.notDurable':
		'Este navegador não deixa o MeetingScribe guardar áudio (talvez uma janela anônima). O áudio ainda não enviado se perde se esta aba fechar.',
	'record.leftoverUploading':
		'Enviando {seconds} de áudio que sobraram de uma gravação interrompida (a página foi fechada ou recarregada)…',
	'record.leftoverSaved': 'A gravação interrompida está completa no servidor',
	'record.leftoverFailed': 'Não foi possível concluir a gravação interrompida: {message}',
	'record.openLibrary': 'Abrir a Biblioteca',
	'record.recording': 'Gravação',
	'record.elapsed': 'Tempo decorrido',
	'record.microphone': 'Microfone',
	'record.tabAudio': 'Áudio da aba',
	'record.stop': 'Parar gravação',
	'record.start': 'Iniciar gravação',
	'record.starting': 'Iniciando… permita o microfone.',
	'record.startingTab': 'Iniciando… permita o microfone e escolha a aba da reunião.',
	'record.recordingBoth': 'Gravando o microfone e o áudio da aba.',
	'record.recordingMic': 'Gravando o microfone.',
	'record.offline':
		'O servidor está inacessível: o áudio fica guardado neste navegador ({seconds} aguardando) e é enviado quando ele voltar.',
	'record.waiting': '{seconds} aguardando envio.',
	'record.uploading': 'Enviando {seconds} de áudio…',
	'record.waitServer':
		'Aguardando o servidor voltar; mantenha esta aba aberta ou reabra-a mais tarde.',
	'record.saved': 'Salvo',
	'record.finished': 'Gravação concluída',
	'record.refused': 'O servidor recusa o áudio desta gravação: {message}',
	'record.discard': 'Descartar o áudio não enviado',
	'record.discardConfirm':
		'Descartar o áudio que não chegou ao servidor? Não será possível recuperá-lo.',
	'record.storageFull': {
		one: 'O armazenamento do navegador está cheio: 1 trecho de áudio está só na memória. Mantenha esta aba aberta até que seja enviado.',
		other:
			'O armazenamento do navegador está cheio: {count} trechos de áudio estão só na memória. Mantenha esta aba aberta até que sejam enviados.',
	},
	'record.sources': 'Fontes',
	'record.systemDefault': 'Padrão do sistema',
	'record.micNames': 'Os nomes dos microfones aparecem depois que você permitir o acesso.',
	'record.allowMic': 'Permitir o microfone',
	'record.captureTab': 'Capturar o áudio da aba da reunião',
	'record.processing': 'Cancelamento de eco, supressão de ruído e ganho automático',
	'record.processingNote':
		'Desligado, a gravação fica fiel, o que transcreve melhor. Ligue se usar alto-falantes em vez de fones.',
	'live.heading': 'Transcrição ao vivo',
	'live.badgeHint': 'Qual transcrição está sendo mostrada',
	'live.live': 'Ao vivo',
	'live.refined': 'Refinada',
	'live.refining': 'Refinando a gravação inteira…',
	'live.behind': 'Transcrição {seconds} atrasada',
	'live.follow': 'Acompanhar o mais recente',
	'live.listening': 'Ouvindo… o texto aparece aqui conforme as pessoas falam.',
	'live.idle': 'A transcrição aparece aqui enquanto você grava.',
	'link.connecting': 'Conectando ao servidor…',
	'link.connected': 'Conectado ao servidor',
	'link.offline': 'Servidor inacessível: o áudio fica guardado neste navegador',
};
