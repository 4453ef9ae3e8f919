// Accounts and display tokens as the admin API, the Admin page and the CLI see them (never a
// hash or a token secret), and the schemas that validate what they send.
import { z } from 'zod';
import { ROLES, type Role } from '../auth.ts';

export const ACCOUNT_NAME = /^[A-Za-z0-9._@-]{1,64}$/;

export const teamsSchema = z
	.array(z.string().trim().min(1).max(100))
	.min(1, 'teams: give at least one team, or null for all teams')
	.max(100)
	.nullable();

/** An account as the admin UI and the CLI see it (never the hash). */
export interface AccountView {
	name: string;
	role: Role;
	teams: string[] | null;
	createdAt: number;
	updatedAt: number;
}

/** someone who signed in with single sign-on, as of their last sign-in */
export interface SsoUserView {
	name: string;
	role: Role;
	teams: string[] | null;
	lastSignInAt: number;
}

export interface TokenView {
	id: string;
	name: string;
	createdBy: string;
	createdAt: number;
	/** the wall may acknowledge alerts */
	ack: boolean;
}

export const newAccountSchema = z
	.object({
		name: z
			.string({ error: 'name must be text' })
			.regex(ACCOUNT_NAME, 'name: 1–64 letters, digits, . _ @ or -'),
		role: z.enum(ROLES, { error: `role must be one of ${ROLES.join(', ')}` }),
		teams: teamsSchema.optional(),
		password: z.string({ error: 'password must be text' })
	})
	.strict();

export type NewAccount = z.infer<typeof newAccountSchema>;

export const accountPatchSchema = z
	.object({
		role: z.enum(ROLES, { error: `role must be one of ${ROLES.join(', ')}` }).optional(),
		teams: teamsSchema.optional(),
		password: z.string({ error: 'password must be text' }).optional()
	})
	.strict();

export type AccountPatch = z.infer<typeof accountPatchSchema>;
