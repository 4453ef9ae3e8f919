// A small parser for the Prometheus text format: enough to check names, labels and values.
export interface Sample {
	name: string;
	labels: Record<string, string>;
	value: number;
}

export function parsePrometheus(text: string): { samples: Sample[]; types: Map<string, string> } {
	const samples: Sample[] = [];
	const types = new Map<string, string>();
	for (const raw of text.split('\n')) {
		const line = raw.trim();
		if (!line) continue;
		if (line.startsWith('# TYPE ')) {
			const [, , name, type] = line.split(' ');
			types.set(name!, type!);
			continue;
		}
		if (line.startsWith('#')) continue;
		const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+\d+)?$/.exec(line);
		if (!m) throw new Error(`not a Prometheus sample line: ${line}`);
		const labels: Record<string, string> = {};
		for (const l of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g))
			labels[l[1]!] = l[2]!;
		const value = m[3] === '+Inf' ? Infinity : m[3] === '-Inf' ? -Infinity : Number(m[3]);
		if (Number.isNaN(value) && m[3] !== 'NaN') throw new Error(`bad value in: ${line}`);
		samples.push({ name: m[1]!, labels, value });
	}
	return { samples, types };
}

export function valueOf(
	samples: Sample[],
	name: string,
	labels: Record<string, string> = {}
): number | undefined {
	return samples.find(
		(s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v)
	)?.value;
}
