import { auditQuerySchema } from '$lib/shared/protocol/audit';
import { validate } from '$lib/shared/protocol/reply';

/**
 * Accounts and display tokens as the admin API gives them (no hashes, no token secrets), and
 * the audit log filtered by the query string (?actor=&action=&result=&limit=). The page
 * re-runs this load when an `admin` socket event says the lists changed.
 */
export async function load({ locals, url }) {
	const { rt } = locals;
	const q = validate(
		auditQuerySchema,
		Object.fromEntries([...url.searchParams].filter(([, v]) => v !== ''))
	);
	const filters = q.ok ? q.data : { limit: 200, format: 'json' as const };
	const p = rt.provisioning.provisioner;
	const configFile = { file: p?.file ?? null, last: p?.last ?? null };
	// null with alerts off (reports go through the alert channels)
	const reports = rt.reports
		? {
				schedule: rt.reports.schedule.value,
				managedBy: rt.reports.schedule.managedBy,
				zone: rt.config.timezone
			}
		: null;
	if (!rt.health().redis.connected)
		return {
			accounts: null,
			tokens: null,
			ssoUsers: null,
			audit: null,
			auditError: null,
			filters,
			configFile,
			reports
		};
	const query = {
		actor: filters.actor,
		action: filters.action,
		result: filters.result,
		from: filters.from,
		to: filters.to,
		limit: filters.limit
	};
	return {
		accounts: await rt.accounts.listAccounts(),
		tokens: await rt.accounts.listTokens(),
		/** null without single sign-on configured */
		ssoUsers: rt.auth.sso ? await rt.auth.sso.directory.list() : null,
		audit: q.ok ? await rt.auth.audit.query(query) : [],
		auditError: q.ok ? null : q.msg,
		filters,
		configFile,
		reports
	};
}
