/**
 * The n8n editor driven in headless Chromium, the way a user works it: log in, open a
 * workflow, add a node from the node panel, read and change its parameters, take screenshots.
 * Selectors are n8n 2.40's `data-test-id`s.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { type Browser, chromium, type Locator, type Page } from 'playwright-core';

import { CHROMIUM_ARGS, ensureChromium } from '../../../scripts/lib/browser';
import { DEMO_OWNER, type Owner } from '../../../scripts/lib/n8n-api';
import { E2E_OUTPUT } from './state';

export class Editor {
	private constructor(
		readonly browser: Browser,
		readonly page: Page,
		readonly baseUrl: string,
		/** Errors the page printed (console.error and uncaught exceptions). */
		readonly pageErrors: string[],
	) {}

	static async open(baseUrl: string): Promise<Editor> {
		const executablePath = await ensureChromium();
		const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
		const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 });
		page.setDefaultTimeout(20_000);
		const pageErrors: string[] = [];
		page.on('pageerror', (error) => pageErrors.push(error.message));
		return new Editor(browser, page, baseUrl, pageErrors);
	}

	async close(): Promise<void> {
		await this.browser.close();
	}

	async login(owner: Owner = DEMO_OWNER): Promise<void> {
		await this.page.goto(`${this.baseUrl}/signin`);
		await this.page.fill('input[name="emailOrLdapLoginId"]', owner.email);
		await this.page.fill('input[name="password"]', owner.password);
		await this.page.click('[data-test-id="form-submit-button"]');
		await this.page.waitForURL((url) => !url.pathname.startsWith('/signin'));
	}

	async openWorkflow(id: string): Promise<void> {
		await this.page.goto(`${this.baseUrl}/workflow/${id}`);
		await this.page.locator('[data-test-id="canvas"]').waitFor();
	}

	/**
	 * Opens the node panel, searches for the node and picks it; when the panel lists the node's
	 * actions, picks `action` (text as the panel shows it). Waits for the node's panel (NDV).
	 */
	async addNode(displayName: string, action?: string): Promise<void> {
		await this.page.click('[data-test-id="node-creator-plus-button"]');
		await this.page.locator('[data-test-id="node-creator-search-bar"] input, input[data-test-id="node-creator-search-bar"]').first().fill(displayName);
		// The panel lists trigger nodes without the word "Trigger" ("TwelveLabs Webhook").
		const shownName = displayName.replace(/\s*Trigger$/, '');
		const item = this.page.locator('[data-test-id="node-creator-item-name"]').filter({ hasText: new RegExp(`^\\s*${escapeRegex(shownName)}\\s*$`) });
		try {
			await item.first().waitFor({ timeout: 10_000 });
		} catch {
			const shown = await this.page.locator('[data-test-id="node-creator-item-name"]').allTextContents();
			await this.page.screenshot({ path: failureShot(displayName) });
			throw new Error(`The node panel's search for "${displayName}" does not list it (it lists: ${shown.join(', ') || 'nothing'})`);
		}
		await item.first().click();
		const ndv = this.page.locator('[data-test-id="ndv"]');
		// Then the panel opens, or lists the node's actions, or (a node without actions) offers "Add to workflow".
		const next = action ? this.page.getByText(action, { exact: true }).first() : this.page.getByRole('button', { name: 'Add to workflow' });
		await Promise.race([next.waitFor(), ndv.waitFor()]).catch(() => undefined);
		if (!(await ndv.isVisible()) && (await next.isVisible())) await next.click();
		try {
			await ndv.waitFor();
			await this.page.locator('[data-test-id="node-parameters"]').waitFor();
		} catch (error) {
			await this.page.screenshot({ path: failureShot(displayName) });
			throw new Error(`The panel of ${displayName} did not open after picking it (screenshot: ${failureShot(displayName)}): ${String(error)}`);
		}
	}

	/** Labels of the parameters the node's panel shows, in order (credential slot excluded). */
	async parameterLabels(): Promise<string[]> {
		await this.page.waitForTimeout(300); // the panel re-renders after a change
		return await this.page.$$eval('[data-test-id="node-parameters"] [data-test-id="parameter-item"]', (items) =>
			items
				.filter((item) => (item as { offsetParent?: unknown }).offsetParent !== null)
				// Nested items (collection entries) are not top-level parameters.
				.filter((item) => item.parentElement?.closest('[data-test-id="parameter-item"]') === null)
				.map((item) => {
					// 2.40 may render a parameter in the same item as the credential slot: skip the slot's own label.
					const label = [...item.querySelectorAll('[data-test-id="input-label"], .n8n-input-label')].find(
						(candidate) => candidate.closest('[data-test-id="node-credentials-slot"]') === null,
					) as { innerText?: string } | undefined;
					return (label?.innerText ?? '').split('\n')[0].replace(/\*\s*$/, '').trim();
				})
				.filter((label) => label.length > 0),
		);
	}

	/** Sets an options parameter by the option's display name. */
	async selectOption(parameter: string, optionName: string): Promise<void> {
		await this.page.locator(`[data-test-id="node-parameters"] [data-test-id="parameter-input-${parameter}"]`).first().click();
		const option = this.page.locator('.el-select-dropdown__item:visible, [role="option"]:visible').filter({
			has: this.page.getByText(optionName, { exact: true }),
		});
		await option.first().click();
	}

	/** Picks a credential by name in the panel's credential slot. */
	async selectCredential(name: string): Promise<void> {
		const select = this.page.locator('[data-test-id="node-credentials-select"]').first();
		if ((await select.count()) === 0) return;
		await select.click();
		await this.page.locator('.el-select-dropdown__item:visible, [role="option"]:visible').filter({ hasText: name }).first().click();
	}

	async closePanel(): Promise<void> {
		await this.page.click('[data-test-id="ndv-close-button"]');
		await this.page.locator('[data-test-id="ndv"]').waitFor({ state: 'hidden' });
	}

	ndv(): Locator {
		return this.page.locator('[data-test-id="ndv"]');
	}

	async screenshot(path: string): Promise<void> {
		await this.page.waitForTimeout(300);
		await this.page.screenshot({ path, fullPage: false });
	}
}

function failureShot(displayName: string): string {
	fs.mkdirSync(path.join(E2E_OUTPUT, 'failures'), { recursive: true });
	return path.join(E2E_OUTPUT, 'failures', `${displayName.replace(/\W+/g, '-')}.png`);
}

function escapeRegex(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
