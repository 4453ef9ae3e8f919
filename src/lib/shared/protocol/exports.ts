// Export datasets and their tables (a CSV holds one table). The server builds the same
// names; tests/unit/exports.test.ts keeps the two in step.
export const EXPORT_TABLES = {
	spend: ['daily_total', 'per_model', 'per_user', 'per_team', 'budgets'],
	users: ['users', 'teams', 'groups', 'growth'],
	cache: ['per_model', 'similarity', 'contents'],
	security: ['incidents', 'by_entity', 'regulations'],
	system: ['samples', 'logs'],
	requests: ['requests']
} as const;

export type ExportDataset = keyof typeof EXPORT_TABLES;
