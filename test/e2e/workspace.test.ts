import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../helpers/capture';
import { ROOT, startServer, tempDir, type RunningServer } from '../helpers/server';
import { chromiumAvailable, launchChromium } from './helpers/chromium';

/** The accessible names the workspace test drives, per language (the catalogues' texts). */
const NAMES = {
	en: {
		upload: 'Upload',
		recordings: 'Recordings',
		transcribed: 'Transcribed',
		transcript: 'Transcript',
		edit: 'Edit',
		save: 'Save',
		edited: 'Edited',
		search: 'Search',
		exportButton: 'Export',
		rename: 'Rename',
		newName: 'New name',
		del: 'Delete',
		empty: 'No recordings yet.',
		lang: 'en',
	},
	'pt-BR': {
		upload: 'Enviar',
		recordings: 'Gravações',
		transcribed: 'Transcrito',
		transcript: 'Transcrição',
		edit: 'Editar',
		save: 'Salvar',
		edited: 'Editado',
		search: 'Buscar',
		exportButton: 'Exportar',
		rename: 'Renomear',
		newName: 'Novo nome',
		del: 'Excluir',
		empty: 'Nenhuma gravação ainda.',
		lang: 'pt-BR',
	},
} as const;

/**
 * The workspace end to end (issue 15): upload → transcript → edit → reload → search → export
 * SRT → rename a speaker → delete with confirmation, in English and in Brazilian Portuguese.
 */
describe.skipIf(!chromiumAvailable())('workspace in Chromium', () => {
	let browser: Browser;
	let server: RunningServer;
	let stereo: string;

	beforeAll(async () => {
		server = await startServer();
		browser = await launchChromium();
		// Two channels, so the upload gets speakers ("Channel 1", "Channel 2") to rename.
		stereo = path.join(tempDir(), 'stand-up meeting.wav');
		execFileSync('sox', [path.join(ROOT, 'test/fixtures/audio/speech.wav'), '-c', '2', stereo]);
	});

	afterAll(async () => {
		await browser?.close();
		await server?.stop();
	});

	async function upload(page: Page, label: string, file: string) {
		const [chooser] = await Promise.all([
			page.waitForEvent('filechooser'),
			page.getByRole('button', { name: label, exact: true }).click(),
		]);
		await chooser.setFiles(file);
	}

	for (const locale of ['en', 'pt-BR'] as const) {
		const L = NAMES[locale];
		it(`uploads, edits, finds, exports, renames and deletes a recording (${locale})`, async () => {
			const context = await browser.newContext({ locale, acceptDownloads: true });
			const page = await context.newPage();
			try {
				await page.goto(server.url + '/library');
				expect(await page.locator('html').getAttribute('lang')).toBe(L.lang);

				await upload(page, L.upload, stereo);
				const list = page.getByRole('list', { name: L.recordings });
				const item = list.getByRole('listitem').filter({ hasText: 'stand-up meeting' }).first();
				await item.getByText(L.transcribed).waitFor({ timeout: 180_000 });
				await item.getByRole('link').click();

				// Edit the first segment; Enter saves.
				const transcript = page.getByRole('list', { name: L.transcript, exact: true });
				const first = transcript.getByRole('listitem').first();
				await first.getByRole('button', { name: L.edit, exact: true }).click();
				const word = `zebracorn${locale === 'en' ? 'en' : 'pt'}`;
				await first.getByRole('textbox').fill(`The ${word} plan is agreed`);
				await first.getByRole('textbox').press('Enter');
				await first.getByText(L.edited, { exact: true }).waitFor();
				await page.reload();
				await transcript.getByRole('listitem').first().getByText(word).waitFor();

				// The library's search finds the edited word and opens the transcript at that moment.
				const recordingUrl = page.url();
				await page.goto(server.url + '/library');
				const box = page.getByRole('searchbox', { name: L.search });
				await box.fill(word);
				await box.press('Enter');
				await page.getByRole('link', { name: new RegExp(word) }).click();
				await page.waitForURL(/[?&]t=/);
				await transcript.getByText(word).waitFor();

				// Export → SRT downloads a file with the edited text.
				await page.getByRole('button', { name: L.exportButton, exact: true }).click();
				const [download] = await Promise.all([
					page.waitForEvent('download'),
					page.getByRole('menuitem', { name: 'SRT', exact: true }).click(),
				]);
				const srt = fs.readFileSync(await download.path(), 'utf8');
				expect(srt).toContain(word);
				expect(srt).toMatch(/\d\d:\d\d:\d\d,\d{3} --> /);

				// Rename a speaker everywhere in the transcript.
				const speaker = transcript.getByRole('listitem').first().locator('button.speaker');
				const before = (await speaker.textContent())!.trim();
				await speaker.click();
				const dialog = page.getByRole('dialog');
				await dialog.getByLabel(L.newName).fill('Ada');
				await dialog.getByRole('button', { name: L.rename, exact: true }).click();
				await expect.poll(() => speaker.textContent()).toBe('Ada');
				expect(await transcript.locator('button.speaker', { hasText: before }).count()).toBe(0);

				// Delete, confirmed in an alert dialog; gone from the list and the API.
				const id = /\/library\/([^/?#]+)/.exec(recordingUrl)![1]!;
				await page.getByRole('button', { name: L.del, exact: true }).click();
				const confirm = page.getByRole('alertdialog');
				await confirm.getByRole('button', { name: L.del, exact: true }).click();
				await page.waitForURL(/\/library$/);
				await expect
					.poll(() => list.getByRole('listitem').filter({ hasText: 'stand-up meeting' }).count())
					.toBe(0);
				expect((await call(`${server.url}/api/v1/files/recordings/${id}`)).status).toBe(404);
			} finally {
				await context.close();
			}
		}, 300_000);
	}

	it('refuses a file that is not audio, with a reason, and keeps nothing', async () => {
		const context = await browser.newContext({ locale: 'en' });
		const page = await context.newPage();
		try {
			const bogus = path.join(tempDir(), 'notes.wav');
			fs.writeFileSync(bogus, 'these are not audio samples');
			const before = (await call(server.url + '/api/v1/files/recordings')).body as {
				total_count: number;
			};
			await page.goto(server.url + '/library');
			await upload(page, 'Upload', bogus);
			const uploads = page.getByRole('list', { name: 'Uploads' });
			await uploads.getByRole('alert').getByText('notes.wav was not accepted').waitFor();
			const after = (await call(server.url + '/api/v1/files/recordings')).body as {
				total_count: number;
			};
			expect(after.total_count).toBe(before.total_count);
		} finally {
			await context.close();
		}
	});

	it('speaks the language chosen in Settings and shows a friendly 404', async () => {
		const context = await browser.newContext({ locale: 'en' });
		const page = await context.newPage();
		try {
			await page.goto(server.url + '/settings');
			await page.getByLabel('Language of the app').selectOption('pt-BR');
			await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('pt-BR');
			await page.getByRole('navigation', { name: 'Principal' }).waitFor();
			await page.goto(server.url + '/library');
			expect(await page.locator('h1').textContent()).toBe('Biblioteca');

			const res = await page.goto(server.url + '/no-such-page');
			expect(res?.status()).toBe(404);
			await page.getByRole('heading', { name: 'Página não encontrada' }).waitFor();
			await page.getByRole('link', { name: 'Ir para a biblioteca' }).click();
			await page.waitForURL(/\/library$/);
		} finally {
			await context.close();
		}
	});
});
