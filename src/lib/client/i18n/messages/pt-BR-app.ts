import type { CatalogueLike } from '../types';
import type { enApp } from './en-app';

/** Português do Brasil: as páginas inicial, de entrada e de configurações, e as mensagens do gravador. */
export const ptBRApp: CatalogueLike<typeof enApp> = {
	'home.description': 'Grave reuniões no navegador e transcreva-as no seu próprio servidor.',
	'home.heading': 'Suas reuniões, transcritas na sua própria máquina',
	'home.lead':
		'O MeetingScribe grava o seu microfone e o áudio da aba da reunião e os transforma em transcrições com o Whisper, sem enviar áudio para a nuvem de ninguém.',
	'home.cta': 'Gravar uma reunião',
	'home.cards': 'O que você pode fazer',
	'home.recordText':
		'O seu microfone e, no Chrome ou no Edge, o áudio da aba da reunião, em dois canais.',
	'home.libraryText': 'Envie gravações; leia, edite, pesquise e exporte as transcrições.',
	'home.api': 'API REST',
	'home.apiText':
		'Tudo o que o app faz está disponível em {api}, e um endpoint compatível com a OpenAI em {openai}.',
	'home.apiDocs': 'Experimente a API na documentação',
	'home.realtime': 'Tempo real',
	'home.realtimeText':
		'O Socket.IO em {path} transmite eventos de gravação, de transcrição e do sistema.',

	'login.title': 'Entrar',
	'login.open': 'Este servidor não pede credenciais: ele só responde neste computador.',
	'login.go': 'Ir para o MeetingScribe',
	'login.signedIn': 'Você está conectado.',
	'login.continue': 'Continuar',
	'login.link': 'Conecte este navegador com o link exibido quando o servidor foi iniciado.',
	'login.key': 'Chave de API',
	'login.keyHint':
		'Use uma chave que você criou, {env}, ou abra o link de entrada que o servidor exibiu ao iniciar. O navegador então guarda um cookie de sessão por 30 dias.',
	'login.missing': 'Cole uma chave de API.',
	'login.refused': 'Entrada recusada ({message}).',
	'login.rateLimited': 'Tentativas demais sem sucesso: espere um minuto e tente de novo.',

	'settings.title': 'Configurações',
	'settings.lead': 'Estas configurações ficam no servidor e valem para todos que o usam.',
	'settings.models': 'Modelos',
	'settings.modelsHint': 'baixar, excluir e escolher o modelo Whisper padrão.',
	'settings.loadFailed': 'Não foi possível carregar as configurações: {message}',
	'settings.loading': 'Carregando as configurações…',
	'settings.model': 'Modelo do Whisper',
	'settings.modelHint':
		'O modelo que as novas transcrições usam. Um modelo ainda não instalado precisa ser baixado em Modelos antes de funcionar. Modelos maiores são mais precisos e mais lentos.',
	'settings.modelInstalled': 'Instalados',
	'settings.modelNotInstalled': 'Não instalados: baixe em Modelos',
	'settings.language': 'Idioma',
	'settings.languageAuto': 'Detectar automaticamente',
	'settings.languageHint':
		'Um código como “pt” ou “en”, ou o nome de um idioma. Deixe vazio para detectar.',
	'settings.speaker': 'Seu nome nas transcrições',
	'settings.speakerHint':
		'Quem fala ao microfone; o áudio da aba é identificado como o outro lado.',
	'settings.logLevel': 'Nível de log do servidor',
	'settings.speakers': 'Pessoas em um canal (diarização por voz)',
	'settings.speakersHint':
		'Usado quando a transcrição não diz. Deixe vazio para descobrir o número de vozes automaticamente.',
	'settings.speakersAuto': 'automático (1–{max})',
	'settings.numSpeakers': 'Exatamente',
	'settings.minSpeakers': 'No mínimo',
	'settings.maxSpeakers': 'No máximo',
	'settings.save': 'Salvar configurações',
	'settings.saving': 'Salvando…',
	'settings.nothing': 'Nada a salvar: nenhuma configuração foi alterada.',
	'settings.saved': 'Salvo: {fields}.',
	'settings.savedNothing': 'Salvo (nada mudou).',

	'capture.micBlocked':
		'O acesso ao microfone está bloqueado. Permita-o pelo ícone na barra de endereço e tente de novo.',
	'capture.micMissing': 'O microfone escolhido não está disponível. Conecte-o ou escolha outro.',
	'capture.micBusy': 'Não foi possível abrir o microfone: talvez outro aplicativo o esteja usando.',
	'capture.micFailed': 'Não foi possível abrir o microfone ({message}).',
	'capture.tabCancelled':
		'O compartilhamento da aba foi cancelado. Comece de novo e escolha a aba da reunião, ou desative o áudio da aba.',
	'capture.tabFailed': 'Não foi possível compartilhar a aba ({message}).',
	'capture.tabSilent':
		'A aba compartilhada não tem áudio. Compartilhe de novo e marque “Compartilhar áudio da aba” no seletor.',
	'capture.insecure':
		'Gravar exige uma conexão segura: abra o MeetingScribe por https ou em localhost.',
	'capture.unsupported':
		'Este navegador não consegue gravar áudio. Use um Chrome, Edge, Firefox ou Safari recente.',
	'capture.tabNote':
		'O Chrome e o Edge no computador podem compartilhar o áudio de uma aba: escolha a aba da reunião e marque “Compartilhar áudio da aba”. O áudio do sistema inteiro só é oferecido no Windows e no ChromeOS. O Firefox e o Safari não compartilham áudio.',
	'capture.tabNoteUnsupported':
		'Este navegador não consegue compartilhar o áudio de outra aba: o Firefox, o Safari e os navegadores de celular gravam só o microfone. Use o Chrome ou o Edge no computador para capturar a aba da reunião.',
	'capture.closeFailed': 'Não foi possível encerrar a gravação: {message}',
	'capture.micEnded':
		'O microfone sumiu (desconectado ou bloqueado). A gravação continua com silêncio no canal dele: pare e comece de novo para usar outro microfone.',
	'capture.tabEnded':
		'O compartilhamento da aba parou. O microfone continua sendo gravado; o canal da aba fica em silêncio daqui em diante.',

	'live.catchingUp':
		'A transcrição ao vivo ficou para trás e pulou {seconds} de áudio para se atualizar. Nada se perde: a gravação inteira é transcrita quando você parar de gravar.',
	'live.catchingUpStart':
		'A transcrição ao vivo ficou para trás e está pulando um trecho do áudio para se atualizar. Nada se perde: a gravação inteira é transcrita quando você parar de gravar.',
};
