// The known distribution of best similarities both what-if tests write (the integration
// test's header has the arithmetic): 100 requests, 60 of them with a similarity.
import { KEYS } from '../../src/lib/shared/contract/keys.ts';

const SPEC: [model: string, outcome: string, sim: string | null, n: number][] = [
	['gpt-4o', 'exact', null, 20],
	['gpt-4o', 'semantic', '0.885', 10],
	['gpt-4o', 'semantic', '0.90', 10],
	['gpt-4o', 'semantic', '0.95', 10],
	['claude-3', 'miss', '0.86', 20],
	['claude-3', 'miss', '0.80', 10],
	['claude-3', 'miss', null, 20]
];

/** XADDs the 100 entries from `t0`, `stepMs` apart, with explicit ids */
export async function writeDistribution(
	w: { xAdd: (key: string, id: string, fields: Record<string, string>) => Promise<unknown> },
	t0: number,
	stepMs: number
): Promise<void> {
	let seq = 0;
	for (const [model, outcome, sim, n] of SPEC)
		for (let i = 0; i < n; i++)
			await w.xAdd(KEYS.events, `${t0 + seq++ * stepMs}-0`, {
				model,
				outcome,
				latency_ms: '100',
				cost_usd: outcome === 'miss' ? '0.01' : '0',
				saved_usd: outcome === 'exact' ? '0.01' : outcome === 'semantic' ? '0.02' : '0',
				...(sim ? { similarity: sim } : {})
			});
}
