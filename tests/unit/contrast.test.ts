// WCAG AA contrast (4.5:1 for text) of every text/background pair the themes use.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const css = readFileSync('src/app.css', 'utf8');

function palette(selector: string): Record<string, string> {
	const start = css.indexOf(selector);
	const block = css.slice(css.indexOf('{', start) + 1, css.indexOf('}', start));
	return Object.fromEntries(
		[...block.matchAll(/--([\w-]+):\s*(#[0-9a-fA-F]{6})/g)].map((m) => [m[1]!, m[2]!])
	);
}

function luminance(hex: string): number {
	const [r, g, b] = [1, 3, 5].map((i) => {
		const c = parseInt(hex.slice(i, i + 2), 16) / 255;
		return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
	});
	return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

export function contrast(a: string, b: string): number {
	const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
	return (x! + 0.05) / (y! + 0.05);
}

const PAIRS: [string, string][] = [
	['text', 'bg'],
	['text', 'panel'],
	['text-muted', 'bg'],
	['text-muted', 'panel'],
	['good', 'good-bg'],
	['warn', 'warn-bg'],
	['bad', 'bad-bg'],
	['good', 'panel'],
	['warn', 'panel'],
	['bad', 'panel']
];

describe('theme contrast meets WCAG AA', () => {
	for (const theme of ["[data-theme='dark']", "[data-theme='light']"]) {
		it(`${theme}: text pairs are at least 4.5:1`, () => {
			const p = palette(theme);
			const low = PAIRS.map(([f, b]) => [`${f} on ${b}`, contrast(p[f]!, p[b]!)] as const).filter(
				([, r]) => r < 4.5
			);
			expect(low).toEqual([]);
			expect(contrast('#ffffff', p.accent!)).toBeGreaterThanOrEqual(4.5); // button text on the accent
		});
	}

	it('computes known ratios', () => {
		expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
		expect(contrast('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
	});
});
