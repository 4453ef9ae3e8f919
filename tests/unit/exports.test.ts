import { describe, expect, it } from 'vitest';
import { neutralise } from '../../src/lib/server/export/table.ts';
import { fixedZone, isoInZone } from '../../src/lib/shared/time.ts';
import { DATASETS } from '../../src/lib/server/export/datasets/index.ts';
import { EXPORT_TABLES } from '../../src/lib/shared/protocol/exports.ts';

describe('export helpers', () => {
	it('neutralises cells that a spreadsheet would run as formulas', () => {
		for (const s of ['=1+1', '+cmd', '-2+3', '@SUM(A1)', '\tx', '\rx'])
			expect(neutralise(s)).toBe(`'${s}`);
		for (const s of ['plain', '1-2', 'a=b', '']) expect(neutralise(s)).toBe(s);
	});

	it('writes timestamps with the zone offset', () => {
		const t = Date.parse('2026-01-31T23:30:00Z');
		expect(isoInZone(t, 'UTC')).toBe('2026-01-31T23:30:00.000+00:00');
		expect(isoInZone(t, fixedZone(5.5))).toBe('2026-02-01T05:00:00.000+05:30');
		expect(isoInZone(t, fixedZone(-8))).toBe('2026-01-31T15:30:00.000-08:00');
	});

	it('offers the datasets outside tools rely on', () => {
		expect([...DATASETS]).toEqual(['spend', 'users', 'cache', 'security', 'system', 'requests']);
		expect(Object.keys(EXPORT_TABLES)).toEqual([...DATASETS]);
	});
});
