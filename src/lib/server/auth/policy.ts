// Who may call what. Every route file and every client socket event has an entry here; a
// route or method missing from the table is refused (tests/unit/policy.test.ts checks the
// table covers every +server.ts / +page.svelte under src/routes). `audit` names the
// action recorded for a state-changing call; `scope: 'team'` marks what a team-limited
// account may use (everything else spans all teams and is refused to it).
import type { Permission } from '../../shared/auth.ts';
import type { ClientToServerEvents } from '../../shared/protocol/events.ts';
import type { SyncKind } from '../redis/sync-bus.ts';

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface Rule {
	need: Permission;
	audit?: string;
	/** what the other dashboard nodes re-read after this call succeeds */
	sync?: SyncKind;
	/** usable by an account limited to some teams (default: no) */
	team?: boolean;
}

export const ROUTE_POLICY: Record<string, Partial<Record<Method, Rule>>> = {
	// pages
	'/': { GET: { need: 'view' } },
	'/cost': { GET: { need: 'view' } },
	'/cache': { GET: { need: 'view' } },
	'/security': { GET: { need: 'view' } },
	'/users': { GET: { need: 'view', team: true } },
	'/requests': { GET: { need: 'view', team: true } },
	// entity pages: a model spans every team; a team page checks the team in its load
	'/models/[...model]': { GET: { need: 'view' } },
	'/teams/[...team]': { GET: { need: 'view', team: true } },
	'/users/[...user]': { GET: { need: 'view', team: true } },
	'/alerts': { GET: { need: 'view' } },
	'/system': { GET: { need: 'view' } },
	'/noc': { GET: { need: 'display' } },
	'/admin': { GET: { need: 'admin' } },
	'/slo': { GET: { need: 'view' } },
	'/login': { GET: { need: 'public', team: true } },
	// session
	'/api/auth/login': { POST: { need: 'public', team: true } },
	'/api/auth/logout': { POST: { need: 'display', team: true } },
	'/api/auth/session': { GET: { need: 'public', team: true } },
	// single sign-on: the browser's way to the identity provider and back
	'/api/auth/sso/start': { GET: { need: 'public', team: true } },
	'/api/auth/sso/callback': { GET: { need: 'public', team: true } },
	// orchestrators and Prometheus (a display token works as a bearer token for /metrics)
	'/api/health': { GET: { need: 'public', team: true } },
	'/api/health/live': { GET: { need: 'public', team: true } },
	'/api/health/ready': { GET: { need: 'public', team: true } },
	'/metrics': { GET: { need: 'display' } },
	// data
	'/api/snapshot': { GET: { need: 'view' } },
	'/api/noc': {
		GET: { need: 'display' },
		PUT: { need: 'operate', audit: 'noc.update', sync: 'noc' }
	},
	'/api/export/[file]': { GET: { need: 'operate', audit: 'export' } },
	'/api/security/settings': {
		GET: { need: 'view' },
		PUT: { need: 'admin', audit: 'security.settings.update', sync: 'security' }
	},
	'/api/budgets': {
		GET: { need: 'view' },
		POST: { need: 'admin', audit: 'budget.create', sync: 'cost' }
	},
	// scheduled reports: admins schedule them and preview or send one now
	'/api/reports/schedule': {
		GET: { need: 'view' },
		PUT: { need: 'admin', audit: 'reports.schedule.update', sync: 'alerts' }
	},
	'/api/reports/preview': { POST: { need: 'admin', audit: 'reports.preview' } },
	'/api/budgets/thresholds': {
		GET: { need: 'view' },
		PUT: { need: 'admin', audit: 'budget.thresholds.update', sync: 'cost' }
	},
	'/api/budgets/[id]': {
		PUT: { need: 'admin', audit: 'budget.update', sync: 'cost' },
		DELETE: { need: 'admin', audit: 'budget.delete', sync: 'cost' }
	},
	'/api/groups': {
		GET: { need: 'view' },
		POST: { need: 'admin', audit: 'group.create', sync: 'cost' }
	},
	'/api/groups/[id]': {
		PUT: { need: 'admin', audit: 'group.update', sync: 'cost' },
		DELETE: { need: 'admin', audit: 'group.delete', sync: 'cost' }
	},
	// service-level objectives: everyone who reads sees them, admins define them
	'/api/slos': {
		GET: { need: 'view' },
		POST: { need: 'admin', audit: 'slo.create', sync: 'slo' }
	},
	'/api/slos/[id]': {
		PUT: { need: 'admin', audit: 'slo.update', sync: 'slo' },
		DELETE: { need: 'admin', audit: 'slo.delete', sync: 'slo' }
	},
	'/api/slos/status': { GET: { need: 'view' } },
	// alerts: the wall shows firing alerts (and acknowledges them with a token that allows it);
	// operators acknowledge and silence; admins own rules
	'/api/alerts': { GET: { need: 'display' } },
	'/api/alerts/history': { GET: { need: 'view' } },
	// history: as the pages; a team-limited account only its teams' series (checked in the route)
	'/api/history': { GET: { need: 'view', team: true } },
	'/api/history/annotations': { GET: { need: 'view' } },
	// the cache what-if spans every model (like the Cache page)
	'/api/cache/what-if': { GET: { need: 'view' } },
	'/api/alerts/ack': { POST: { need: 'acknowledge', audit: 'alert.ack', sync: 'alerts' } },
	'/api/alerts/silences': {
		GET: { need: 'view' },
		POST: { need: 'operate', audit: 'silence.create', sync: 'alerts' }
	},
	'/api/alerts/silences/[id]': {
		DELETE: { need: 'operate', audit: 'silence.delete', sync: 'alerts' }
	},
	'/api/alerts/rules': {
		GET: { need: 'view' },
		POST: { need: 'admin', audit: 'rule.create', sync: 'alerts' }
	},
	'/api/alerts/rules/[id]': {
		PUT: { need: 'admin', audit: 'rule.update', sync: 'alerts' },
		DELETE: { need: 'admin', audit: 'rule.delete', sync: 'alerts' }
	},
	// administration
	'/api/accounts': { GET: { need: 'admin' }, POST: { need: 'admin', audit: 'account.create' } },
	'/api/accounts/[name]': {
		PUT: { need: 'admin', audit: 'account.update' },
		DELETE: { need: 'admin', audit: 'account.delete' }
	},
	'/api/accounts/[name]/sessions': { DELETE: { need: 'admin', audit: 'account.sessions.revoke' } },
	'/api/tokens': { GET: { need: 'admin' }, POST: { need: 'admin', audit: 'token.create' } },
	'/api/tokens/[id]': { DELETE: { need: 'admin', audit: 'token.revoke' } },
	'/api/audit': { GET: { need: 'admin' } },
	// the configuration as code: its last apply, and the running configuration as a file
	'/api/config': { GET: { need: 'admin' } },
	'/api/alerts/routing': {
		GET: { need: 'view' },
		PUT: { need: 'admin', audit: 'alerts.routing.update', sync: 'alerts' }
	},
	'/api/config/export': { GET: { need: 'admin', audit: 'config.export' } }
};

/** The route's rule for a method; HEAD follows GET. null: not allowed for anyone. */
export function routeRule(routeId: string | null, method: string): Rule | null {
	if (routeId === null) return null;
	const m = (method === 'HEAD' ? 'GET' : method) as Method;
	return ROUTE_POLICY[routeId]?.[m] ?? null;
}

/** Socket events; the type makes a new event without a rule a compile error. */
export const SOCKET_POLICY: Record<keyof ClientToServerEvents, Rule> = {
	join: { need: 'display', team: true },
	leave: { need: 'display', team: true },
	'users:search': { need: 'view', team: true },
	// the header search: a team-limited account finds its teams' users and teams only
	search: { need: 'view', team: true },
	'cache:count': { need: 'admin' },
	'cache:flush': { need: 'admin', audit: 'cache.flush' },
	'history:watch': { need: 'view', team: true },
	'history:unwatch': { need: 'view', team: true },
	// the request tail: viewers; a team-limited account its teams' requests only
	'tail:watch': { need: 'view', team: true },
	'tail:unwatch': { need: 'view', team: true },
	'tail:page': { need: 'view', team: true }
};

/** Rooms a team-limited account may join (served filtered to its teams). */
export const TEAM_ROOMS = new Set(['users']);
