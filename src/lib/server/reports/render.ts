// A report as e-mail HTML, plain text (e-mail and Slack) and the figures (webhook), with the
// formatters every page uses. Every name is escaped in the HTML; the names were redacted
// where they were read (build.ts, the Cost room's rows).
import { formatInt, formatPercent, formatUsd } from '../../shared/format.ts';
import type { RenderedReport, ReportData } from '../../shared/protocol/reports.ts';
import { formatInstant } from '../../shared/time.ts';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

type Section = { title: string; head: string[]; rows: string[][]; empty: string };

function sections(d: ReportData): Section[] {
	const spendRows = (list: ReportData['spend']['models']) =>
		list.map((r) => [r.name, formatUsd(r.spendUsd), formatPercent(r.share)]);
	return [
		{
			title: 'Spend by model',
			head: ['model', 'spend', 'share'],
			rows: spendRows(d.spend.models),
			empty: 'no spend recorded (helix:spend:model:*)'
		},
		{
			title: 'Spend by team',
			head: ['team', 'spend', 'share'],
			rows: spendRows(d.spend.teams),
			empty: 'no team spend (helix:user:teams or an entry’s team)'
		},
		{
			title: `Top users (of ${formatInt(d.spend.userCount)} who spent)`,
			head: ['user', 'spend', 'share'],
			rows: spendRows(d.spend.users),
			empty: 'no user spend (helix:spend:user:*)'
		},
		{
			title: 'Budgets (month to date)',
			head: ['budget', 'spent', 'of', 'used', 'projected'],
			rows: d.budgets.map((b) => [
				b.target ? `${b.name} (${b.scope} ${b.target})` : b.name,
				formatUsd(b.spentUsd),
				formatUsd(b.monthlyUsd),
				formatPercent(b.percent / 100),
				b.projectedPercent === null ? '—' : formatPercent(b.projectedPercent / 100)
			]),
			empty: 'no budgets'
		},
		{
			title: 'Service-level objectives',
			head: ['objective', 'SLI', 'target', 'error budget left'],
			rows: d.slos.map((s) => [
				s.name,
				formatPercent(s.sli),
				`${s.objective}%`,
				formatPercent(s.budgetRemaining)
			]),
			empty: 'no objectives'
		},
		{
			title: `Alerts fired: ${formatInt(d.alerts.fired)}`,
			head: ['rule', 'times'],
			rows: d.alerts.byRule.map((r) => [r.rule, formatInt(r.count)]),
			empty: 'none'
		}
	];
}

function headline(d: ReportData): [string, string][] {
	return [
		['Spend', formatUsd(d.spend.totalUsd)],
		['Saved by the cache', formatUsd(d.spend.savedUsd)],
		['Cache hit rate', d.cache ? formatPercent(d.cache.hitRate) : '— (no history for the period)'],
		['Requests', d.cache ? formatInt(d.cache.requests) : '—'],
		['PII incidents', d.incidents === null ? '—' : formatInt(d.incidents)]
	];
}

export function renderReport(d: ReportData): Omit<RenderedReport, 'channels'> {
	const subject = `[helix]${d.preview ? ' [preview]' : ''} ${d.title}`;
	const when = `${d.period.from} to ${d.period.to} (${d.period.zone}); generated ${formatInstant(d.generatedAt, d.period.zone)}`;
	const text = [
		d.title,
		when,
		'',
		...headline(d).map(([k, v]) => `${k}: ${v}`),
		...sections(d).flatMap((s) => [
			'',
			s.title,
			...(s.rows.length ? s.rows.map((r) => `  ${r.join('  ')}`) : [`  ${s.empty}`])
		])
	].join('\n');
	const table = (s: Section) =>
		s.rows.length
			? `<table border="1" cellpadding="4" cellspacing="0"><tr>${s.head.map((h) => `<th align="left">${esc(h)}</th>`).join('')}</tr>${s.rows
					.map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`)
					.join('')}</table>`
			: `<p><em>${esc(s.empty)}</em></p>`;
	const html = `<!doctype html><html><body style="font-family:sans-serif"><h1>${esc(d.title)}</h1><p>${esc(when)}</p><ul>${headline(
		d
	)
		.map(([k, v]) => `<li>${esc(k)}: <strong>${esc(v)}</strong></li>`)
		.join('')}</ul>${sections(d)
		.map((s) => `<h2>${esc(s.title)}</h2>${table(s)}`)
		.join('')}</body></html>`;
	return { subject, text, html, data: d };
}
