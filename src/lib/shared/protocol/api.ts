// Every REST call the browser makes, by method and route: what it sends and what it gets back.
// The client's `call()` is typed by this map, so a page cannot send a wrong body or misread
// an answer; the server validates the same bodies with the schemas these types come from.
import type { AccountPatch, AccountView, NewAccount, TokenView } from './accounts.ts';
import type {
	AlertHistoryEntry,
	AlertRule,
	AlertView,
	AlertsOverview,
	DeliveryResult,
	RuleInput,
	Silence,
	SilenceInput
} from './alerts.ts';
import type { AuditEntry, Principal } from '../auth.ts';
import type { Budget, BudgetInput } from './cost.ts';
import type { Group } from './groups.ts';
import type { Annotation, HistoryAnswer } from './history.ts';
import type { WhatIfAnswer } from './what-if.ts';
import type { ReportKind } from './reports.ts';
import type { NocConfig } from './noc.ts';
import type { SecuritySettings } from './security.ts';
import type { Slo, SloInput, SloStatus } from './slo.ts';

type Id = { id: string };
/** sentences about an accepted item the caller should know (a target not recorded yet) */
type Warned = { warnings?: string[] };

export interface ApiRoutes {
	'POST /api/auth/login': {
		body: { username: string; password: string };
		res: { principal: Principal; csrf: string | null };
	};
	/** redirect: the identity provider's end-session URL after a single sign-on session */
	'POST /api/auth/logout': {
		body: Record<string, never>;
		res: { ok: true; redirect: string | null };
	};
	'GET /api/accounts': { res: AccountView[] };
	'GET /api/slos': { res: (Slo & Id)[] };
	'POST /api/slos': { body: SloInput; res: Slo & Id };
	'PUT /api/slos/[id]': { body: SloInput; res: Slo & Id };
	'DELETE /api/slos/[id]': { res: Id };
	'GET /api/slos/status': { res: SloStatus[] };
	'POST /api/accounts': { body: NewAccount; res: AccountView };
	'PUT /api/accounts/[name]': { body: AccountPatch; res: AccountView };
	'DELETE /api/accounts/[name]': { res: { name: string } };
	'DELETE /api/accounts/[name]/sessions': { res: { name: string; sessions: number } };
	'GET /api/tokens': { res: TokenView[] };
	'POST /api/tokens': { body: { name: string; ack?: boolean }; res: TokenView & { token: string } };
	'DELETE /api/tokens/[id]': { res: { id: string; sessions: number } };
	'GET /api/audit': { res: AuditEntry[] };
	'GET /api/alerts': { res: AlertsOverview };
	'GET /api/alerts/history': { res: AlertHistoryEntry[] };
	'POST /api/alerts/ack': { body: { key: string }; res: AlertView };
	'POST /api/alerts/rules': { body: RuleInput; res: AlertRule };
	'PUT /api/alerts/rules/[id]': { body: RuleInput; res: AlertRule };
	'DELETE /api/alerts/rules/[id]': { res: Id };
	'POST /api/alerts/silences': { body: SilenceInput; res: Silence };
	'DELETE /api/alerts/silences/[id]': { res: Id };
	'POST /api/budgets': { body: BudgetInput; res: Budget & Id & Warned };
	'PUT /api/budgets/[id]': { body: BudgetInput; res: Budget & Id & Warned };
	'DELETE /api/budgets/[id]': { res: Id };
	'POST /api/groups': { body: Group; res: Group & Id & Warned };
	'PUT /api/groups/[id]': { body: Group; res: Group & Id & Warned };
	'DELETE /api/groups/[id]': { res: Id };
	'PUT /api/security/settings': { body: SecuritySettings; res: SecuritySettings };
	'PUT /api/noc': { body: NocConfig; res: NocConfig };
	'GET /api/history': { res: HistoryAnswer };
	'GET /api/history/annotations': { res: Annotation[] };
	'GET /api/cache/what-if': { res: WhatIfAnswer };
	'POST /api/reports/preview': {
		body: { kind: ReportKind; send?: boolean };
		res: { subject: string; text: string; html: string; results: DeliveryResult[] | null };
	};
}

export type ApiRoute = keyof ApiRoutes;
export type ApiBody<K extends ApiRoute> = ApiRoutes[K] extends { body: infer B } ? B : undefined;
export type ApiResult<K extends ApiRoute> = ApiRoutes[K]['res'];
