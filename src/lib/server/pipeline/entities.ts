// Per-user and per-model daily series (spend, requests, hits) and the user -> team map.
// Updated per key by the readers; topics read them. `version` moves on every change so
// heavy derivations can be skipped when nothing moved.
import {
	hitsUserKey,
	requestsUserKey,
	spendModelKey,
	spendUserKey
} from '../../shared/contract/keys.ts';
import type { DaySeries } from './day-series.ts';

export interface UserSeries {
	spend?: DaySeries;
	requests?: DaySeries;
	hits?: DaySeries;
}

export type UserMetric = keyof UserSeries;

export class Entities {
	readonly users = new Map<string, UserSeries>();
	readonly models = new Map<string, DaySeries>();
	readonly teams = new Map<string, string>();
	version = 0;
	/** moves only when an id appears or goes (the search index rebuilds on it, not on values) */
	membership = 0;

	#requestsKnown: { version: number; value: boolean } | null = null;

	/** any helix:requests:user:* key held (else per-user requests are unknown, not zero) */
	get requestsKnown(): boolean {
		if (this.#requestsKnown?.version !== this.version) {
			let value = false;
			for (const s of this.users.values()) if (s.requests) value = true;
			this.#requestsKnown = { version: this.version, value };
		}
		return this.#requestsKnown.value;
	}

	setUser(user: string, metric: UserMetric, series: DaySeries | null): boolean {
		const cur = this.users.get(user);
		if (series === null ? !cur?.[metric] : series.equals(cur?.[metric])) return false;
		const next: UserSeries = { ...cur };
		if (series) next[metric] = series;
		else delete next[metric];
		if (!cur) this.membership++;
		if (Object.keys(next).length) this.users.set(user, next);
		else {
			this.users.delete(user);
			this.membership++;
		}
		this.version++;
		return true;
	}

	setModel(model: string, series: DaySeries | null): boolean {
		if (series === null ? !this.models.has(model) : series.equals(this.models.get(model)))
			return false;
		if (series === null || !this.models.has(model)) this.membership++;
		if (series) this.models.set(model, series);
		else this.models.delete(model);
		this.version++;
		return true;
	}

	setTeams(map: Record<string, string>): boolean {
		const same =
			this.teams.size === Object.keys(map).length &&
			Object.entries(map).every(([u, t]) => this.teams.get(u) === t);
		if (same) return false;
		this.teams.clear();
		for (const [u, t] of Object.entries(map)) this.teams.set(u, t);
		this.membership++;
		this.version++;
		return true;
	}

	/** every key currently held, to find keys deleted in Redis at a full reconcile */
	keys(): string[] {
		const out: string[] = [];
		for (const [u, s] of this.users) {
			if (s.spend) out.push(spendUserKey(u));
			if (s.requests) out.push(requestsUserKey(u));
			if (s.hits) out.push(hitsUserKey(u));
		}
		for (const m of this.models.keys()) out.push(spendModelKey(m));
		return out;
	}
}
